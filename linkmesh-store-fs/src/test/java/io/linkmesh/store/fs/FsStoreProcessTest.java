package io.linkmesh.store.fs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.linkmesh.domain.port.out.StoreException;
import io.linkmesh.domain.revision.HistoryPage;
import io.linkmesh.domain.revision.Revision;
import io.linkmesh.domain.revision.RevisionId;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Real second processes: one killed with SIGKILL while committing, one holding the lock. */
class FsStoreProcessTest {
  private static final int ACKS_BEFORE_KILL = 60;
  private final TempDirs temp = new TempDirs();
  private final List<Process> children = new ArrayList<>();

  @AfterEach
  void cleanUp() throws Exception {
    for (Process child : children) {
      child.destroyForcibly();
      child.waitFor(30, TimeUnit.SECONDS);
    }
    temp.close();
  }

  private Process start(String mode, Path dir) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder =
        new ProcessBuilder(
            java,
            "-cp",
            System.getProperty("java.class.path"),
            StoreChildMain.class.getName(),
            mode,
            dir.toString());
    builder.redirectError(temp.create().resolve("stderr.txt").toFile());
    Process process = builder.start();
    children.add(process);
    return process;
  }

  @Nested
  class KilledWriter {
    @Test
    void sigkillWhileCommittingLosesNoAcknowledgedRevisionAndLeavesAWholeHead() throws Exception {
      Path dir = temp.create();
      List<RevisionId> all = new ArrayList<>();
      for (int round = 0; round < 3; round++) {
        all.addAll(killWhileCommitting(dir));
        checkWhole(dir, all);
      }
    }

    private List<RevisionId> killWhileCommitting(Path dir) throws Exception {
      Process child = start("commit-loop", dir);
      BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), UTF_8));
      List<RevisionId> acknowledged =
          CompletableFuture.supplyAsync(
                  () -> {
                    List<RevisionId> ids = new ArrayList<>();
                    try {
                      String line;
                      while (ids.size() < ACKS_BEFORE_KILL && (line = out.readLine()) != null) {
                        if (line.startsWith("ACK ")) {
                          ids.add(RevisionId.of(line.substring(4)));
                        }
                      }
                    } catch (java.io.IOException e) {
                      throw new java.io.UncheckedIOException(e);
                    }
                    return ids;
                  })
              .get(120, TimeUnit.SECONDS);
      assertThat(acknowledged).hasSize(ACKS_BEFORE_KILL);
      // SIGKILL through the handle, which (unlike Process.destroyForcibly) leaves our end of the
      // pipe open, so the lines the child printed before it died can still be read.
      assertThat(child.toHandle().destroyForcibly()).isTrue();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(128 + 9);
      String line;
      while ((line = out.readLine()) != null) {
        if (line.startsWith("ACK ")) {
          acknowledged.add(RevisionId.of(line.substring(4)));
        }
      }
      return acknowledged;
    }

    private void checkWhole(Path dir, List<RevisionId> acknowledged) {
      try (FsRevisionStore store = FsRevisionStore.open(dir)) {
        Revision head = store.head().orElseThrow();
        assertThat(store.snapshot(head.id())).isPresent();
        Set<RevisionId> chain = new HashSet<>();
        RevisionId from = null;
        do {
          HistoryPage page = store.history(from, HistoryPage.MAX_LIMIT);
          page.items().forEach(r -> chain.add(r.id()));
          from = page.next();
        } while (from != null);
        for (RevisionId id : acknowledged) {
          assertThat(store.find(id)).as("acknowledged revision %s", id).isPresent();
          assertThat(store.snapshot(id)).isPresent();
        }
        assertThat(chain).containsAll(acknowledged);
      }
    }
  }

  @Nested
  class SecondProcess {
    @Test
    void openingADirectoryHeldByAnotherProcessIsRefusedNamingItsPid() throws Exception {
      Path dir = temp.create();
      Process child = start("hold", dir);
      BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), UTF_8));
      String ready = CompletableFuture.supplyAsync(() -> readLine(out)).get(60, TimeUnit.SECONDS);
      assertThat(ready).startsWith("READY");

      assertThatThrownBy(() -> FsRevisionStore.open(dir))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("in use by another process")
          .hasMessageContaining("pid " + child.pid());
      assertThatThrownBy(() -> FsAuditLog.open(dir))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("in use by another process")
          .hasMessageContaining("pid " + child.pid());

      child.getOutputStream().close();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(child.exitValue()).isZero();
      try (FsRevisionStore store = FsRevisionStore.open(dir)) {
        assertThat(store.head()).isEmpty();
      }
    }

    @Test
    void openingTheSameDirectoryTwiceInOneProcessIsRefused() throws Exception {
      Path dir = temp.create();
      try (FsRevisionStore store = FsRevisionStore.open(dir)) {
        assertThat(store.head()).isEmpty();
        assertThatThrownBy(() -> FsRevisionStore.open(dir))
            .isInstanceOf(StoreException.class)
            .hasMessageContaining("already open in this process");
      }
    }
  }

  private static String readLine(BufferedReader in) {
    try {
      String line = in.readLine();
      return line == null ? "" : line;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
