package io.linkmesh.domain.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Starts tasks together, on their own threads, so that they really race. */
public final class Race {
  private Race() {}

  /** One racing task. */
  @FunctionalInterface
  public interface Task<T> {
    T run(int index) throws Exception;
  }

  /** Runs {@code n} tasks that start at the same moment and returns their results in order. */
  public static <T> List<T> of(int n, Task<T> task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int index = i;
        Callable<T> c =
            () -> {
              start.await();
              return task.run(index);
            };
        futures.add(pool.submit(c));
      }
      start.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> future : futures) {
        results.add(future.get(60, TimeUnit.SECONDS));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }
}
