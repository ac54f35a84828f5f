package io.linkmesh.store.fs.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class GroupCommitTest {
  private final List<Integer> batchSizes = new ArrayList<>();
  private final CountDownLatch firstRound = new CountDownLatch(1);
  private final CountDownLatch releaseFirst = new CountDownLatch(1);

  private final GroupCommit<Integer, String> group =
      new GroupCommit<>(
          100,
          batch -> {
            synchronized (batchSizes) {
              batchSizes.add(batch.size());
            }
            if (batchSizes.size() == 1) {
              firstRound.countDown();
              await(releaseFirst);
            }
            batch.forEach(t -> t.output = "done " + t.input);
          });

  private static void await(CountDownLatch latch) {
    try {
      assertThat(latch.await(30, TimeUnit.SECONDS)).isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void awaitQueued(int count) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (group.queued() < count) {
      assertThat(System.nanoTime()).as("%d callers queued in time", count).isLessThan(deadline);
      Thread.onSpinWait();
    }
  }

  @Test
  void callersWaitingBehindARoundAreWrittenTogetherInTheNext() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(11);
    try {
      Future<String> first = pool.submit(() -> group.submit(0));
      await(firstRound);
      List<Future<String>> rest = new ArrayList<>();
      for (int i = 1; i <= 10; i++) {
        int input = i;
        rest.add(pool.submit(() -> group.submit(input)));
      }
      awaitQueued(10);
      releaseFirst.countDown();
      assertThat(first.get(30, TimeUnit.SECONDS)).isEqualTo("done 0");
      for (int i = 0; i < rest.size(); i++) {
        assertThat(rest.get(i).get(30, TimeUnit.SECONDS)).isEqualTo("done " + (i + 1));
      }
      assertThat(batchSizes).containsExactly(1, 10);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void closeWaitsForTheRoundAndRefusesWhatIsQueued() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<String> first = pool.submit(() -> group.submit(0));
      await(firstRound);
      Future<String> queued = pool.submit(() -> group.submit(1));
      awaitQueued(1);
      CompletableFuture<Void> closing =
          CompletableFuture.runAsync(
              () -> group.close("closed", new IllegalStateException("refused"), () -> {}));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!group.closing()) {
        assertThat(System.nanoTime()).as("close began in time").isLessThan(deadline);
        Thread.onSpinWait();
      }
      releaseFirst.countDown();
      closing.get(30, TimeUnit.SECONDS);
      assertThat(first.get(30, TimeUnit.SECONDS)).isEqualTo("done 0");
      assertThatThrownBy(() -> queued.get(30, TimeUnit.SECONDS)).hasMessageContaining("refused");
      assertThatThrownBy(() -> group.submit(2)).isInstanceOf(IllegalStateException.class);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void workSubmittedTogetherSharesOneRoundAndKeepsItsOrder() {
    releaseFirst.countDown();

    List<String> out = group.submitAll(List.of(1, 2, 3, 4, 5));

    assertThat(out).containsExactly("done 1", "done 2", "done 3", "done 4", "done 5");
    assertThat(batchSizes).containsExactly(5);
  }

  @Test
  void moreWorkThanOneRoundTakesSeveralAndAnswersAll() {
    releaseFirst.countDown();
    List<Integer> inputs = new ArrayList<>();
    for (int i = 0; i < 250; i++) {
      inputs.add(i);
    }

    List<String> out = group.submitAll(inputs);

    assertThat(out).hasSize(250).startsWith("done 0").endsWith("done 249");
    assertThat(batchSizes).containsExactly(100, 100, 50);
  }
}
