package io.linkmesh.store.fs;

import static org.assertj.core.api.Assertions.assertThat;

import io.linkmesh.domain.audit.AuditEntry;
import io.linkmesh.domain.audit.AuditQuery;
import io.linkmesh.domain.port.out.StoreException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Makes each I/O step of an audit append fail in turn, then reopens. */
class FsAuditLogFaultTest {
  private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
  private final TempDirs temp = new TempDirs();

  @AfterEach
  void cleanUp() throws Exception {
    temp.close();
  }

  private static AuditEntry entry(int i) {
    return new AuditEntry(0, T0.plusSeconds(i), "alice", "config.put", "t" + i, "::1", "ok", "");
  }

  @ParameterizedTest(name = "crash {0}, segment size 1")
  @ValueSource(booleans = {true, false})
  void failureAtEveryStepOfAnAppendKeepsEveryAcknowledgedEntry(boolean crash) throws Exception {
    int faults = 0;
    for (int step = 1; step < 50; step++) {
      Path dir = temp.create();
      FailingFileOps ops = new FailingFileOps();
      FsAuditLog log = temp.track(FsAuditLog.open(dir, ops, 1));
      List<AuditEntry> acknowledged = new ArrayList<>();
      acknowledged.add(log.append(entry(1)));
      acknowledged.add(log.append(entry(2)));
      ops.failAt(step, crash);
      try {
        acknowledged.add(log.append(entry(3)));
      } catch (StoreException e) {
        assertThat(ops.fired()).isTrue();
        faults++;
      }
      boolean done = !ops.fired();
      if (!crash && !done) {
        // The log took the failed bytes back: later appends (into later segments) stay readable.
        acknowledged.add(log.append(entry(5)));
        acknowledged.add(log.append(entry(6)));
      }
      log.close();
      try (FsAuditLog reopened = FsAuditLog.open(dir)) {
        List<AuditEntry> found =
            reopened.query(new AuditQuery(null, null, null, null, null, 10)).items();
        assertThat(found).hasSizeBetween(acknowledged.size(), acknowledged.size() + 1);
        List<AuditEntry> newestFirst = new ArrayList<>(acknowledged);
        Collections.reverse(newestFirst);
        assertThat(found.subList(found.size() - acknowledged.size(), found.size()))
            .containsExactlyElementsOf(newestFirst);
        AuditEntry next = reopened.append(entry(4));
        assertThat(next.sequence()).isEqualTo(found.size() + 1);
      }
      if (done) {
        break;
      }
    }
    assertThat(faults).isGreaterThanOrEqualTo(3);
  }

  @org.junit.jupiter.api.Test
  void entriesAppendedTogetherShareOneFsync() throws Exception {
    FailingFileOps ops = new FailingFileOps();
    FsAuditLog log = temp.track(FsAuditLog.open(temp.create(), ops, 1 << 20));
    log.append(entry(0));
    List<AuditEntry> batch = new ArrayList<>();
    for (int i = 1; i <= 200; i++) {
      batch.add(entry(i));
    }
    ops.failAt(0, false);

    List<AuditEntry> stored = log.appendAll(batch);

    assertThat(stored).hasSize(200);
    assertThat(ops.steps().stream().filter("force"::equals).count())
        .as("one round for the whole batch, not one fsync per entry")
        .isEqualTo(1);
  }
}
