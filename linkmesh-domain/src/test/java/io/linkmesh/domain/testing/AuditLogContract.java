package io.linkmesh.domain.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.linkmesh.domain.audit.AuditEntry;
import io.linkmesh.domain.audit.AuditPage;
import io.linkmesh.domain.audit.AuditQuery;
import io.linkmesh.domain.port.out.AuditLog;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What every {@link AuditLog} must do. */
public abstract class AuditLogContract {
  protected static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

  protected abstract AuditLog newLog() throws Exception;

  /** The same storage opened again; logs without storage return it. */
  protected AuditLog reopen(AuditLog log) throws Exception {
    return log;
  }

  protected static AuditEntry entry(int second, String actor, String action) {
    return new AuditEntry(
        0, T0.plusSeconds(second), actor, action, "target-" + second, "10.0.0.1", "ok", "");
  }

  @Test
  void appendAssignsIncreasingSequences() throws Exception {
    AuditLog log = newLog();
    long a = log.append(entry(1, "alice", "config.put")).sequence();
    long b = log.append(entry(2, "bob", "config.put")).sequence();
    assertThat(a).isPositive();
    assertThat(b).isGreaterThan(a);
  }

  @Test
  void appendAllKeepsTheOrderAndNumbersEachEntry() throws Exception {
    AuditLog log = newLog();
    log.append(entry(0, "alice", "config.put"));

    List<AuditEntry> stored =
        log.appendAll(
            List.of(
                entry(1, "c-1", "collector.enroll"),
                entry(2, "c-2", "collector.enroll"),
                entry(3, "c-3", "collector.enroll")));

    assertThat(stored)
        .extracting(AuditEntry::target)
        .containsExactly("target-1", "target-2", "target-3");
    assertThat(stored).extracting(AuditEntry::sequence).isSorted().doesNotHaveDuplicates();
    assertThat(log.query(new AuditQuery(null, null, null, null, null, 10)).items())
        .extracting(AuditEntry::target)
        .containsExactly("target-3", "target-2", "target-1", "target-0");
  }

  @Test
  void pagesNewestFirst() throws Exception {
    AuditLog log = newLog();
    for (int i = 0; i < 7; i++) {
      log.append(entry(i, "alice", "config.put"));
    }
    List<String> targets = new ArrayList<>();
    Long before = null;
    int pages = 0;
    do {
      AuditPage page = log.query(new AuditQuery(null, null, null, null, before, 3));
      page.items().forEach(e -> targets.add(e.target()));
      before = page.next();
      pages++;
    } while (before != null && pages < 10);
    assertThat(pages).isEqualTo(3);
    assertThat(targets)
        .containsExactly(
            "target-6", "target-5", "target-4", "target-3", "target-2", "target-1", "target-0");
  }

  @Test
  void filtersByActorActionAndTime() throws Exception {
    AuditLog log = newLog();
    log.append(entry(1, "alice", "config.put"));
    log.append(entry(2, "bob", "config.put"));
    log.append(entry(3, "alice", "config.delete"));
    log.append(entry(4, "alice", "config.put"));
    assertThat(log.query(new AuditQuery("alice", "config.put", null, null, null, 10)).items())
        .extracting(AuditEntry::target)
        .containsExactly("target-4", "target-1");
    assertThat(
            log.query(new AuditQuery(null, null, T0.plusSeconds(2), T0.plusSeconds(4), null, 10))
                .items())
        .extracting(AuditEntry::target)
        .containsExactly("target-3", "target-2");
  }

  @Test
  void keepsEveryFieldAndSurvivesReopening() throws Exception {
    AuditLog log = newLog();
    AuditEntry stored =
        log.append(
            new AuditEntry(
                0, T0, "admin", "collector.deregister", "c-1", "192.0.2.7", "ok", "détail: x\ny"));
    AuditLog reopened = reopen(log);
    assertThat(reopened.query(new AuditQuery(null, null, null, null, null, 10)).items())
        .containsExactly(stored);
  }
}
