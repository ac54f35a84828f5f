package io.linkmesh.domain.testing;

import io.linkmesh.domain.audit.AuditEntry;
import io.linkmesh.domain.audit.AuditPage;
import io.linkmesh.domain.audit.AuditQuery;
import io.linkmesh.domain.port.out.AuditLog;
import java.util.ArrayList;
import java.util.List;

/** An {@link AuditLog} in memory. */
public final class InMemoryAuditLog implements AuditLog {
  private final List<AuditEntry> entries = new ArrayList<>();

  @Override
  public synchronized AuditEntry append(AuditEntry entry) {
    AuditEntry stored = entry.withSequence(entries.size() + 1L);
    entries.add(stored);
    return stored;
  }

  @Override
  public synchronized AuditPage query(AuditQuery query) {
    return query.page(entries);
  }

  public synchronized List<AuditEntry> all() {
    return List.copyOf(entries);
  }
}
