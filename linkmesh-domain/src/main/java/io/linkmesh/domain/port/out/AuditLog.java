package io.linkmesh.domain.port.out;

import io.linkmesh.domain.audit.AuditEntry;
import io.linkmesh.domain.audit.AuditPage;
import io.linkmesh.domain.audit.AuditQuery;

/**
 * The durable, append-only audit log. Implementations must be safe for concurrent use and pass
 * {@code AuditLogContract} from the domain's test-jar.
 */
public interface AuditLog {
  /** Appends durably and returns the entry with its sequence number. */
  AuditEntry append(AuditEntry entry);

  AuditPage query(AuditQuery query);
}
