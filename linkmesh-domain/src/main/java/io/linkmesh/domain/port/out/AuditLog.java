package io.linkmesh.domain.port.out;

import io.linkmesh.domain.audit.AuditEntry;
import io.linkmesh.domain.audit.AuditPage;
import io.linkmesh.domain.audit.AuditQuery;
import java.util.ArrayList;
import java.util.List;

/**
 * The durable, append-only audit log. Implementations must be safe for concurrent use and pass
 * {@code AuditLogContract} from the domain's test-jar.
 */
public interface AuditLog {
  /** Appends durably and returns the entry with its sequence number. */
  AuditEntry append(AuditEntry entry);

  /**
   * Appends several entries, in order, durably, and returns them with their sequence numbers. A log
   * that makes entries durable in rounds (an fsync each) should write them in as few rounds as it
   * can: a fleet enrolling at once records hundreds of entries per registration commit.
   */
  default List<AuditEntry> appendAll(List<AuditEntry> entries) {
    List<AuditEntry> stored = new ArrayList<>(entries.size());
    for (AuditEntry entry : entries) {
      stored.add(append(entry));
    }
    return stored;
  }

  AuditPage query(AuditQuery query);
}
