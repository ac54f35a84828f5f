package io.linkmesh.domain.testing;

import io.linkmesh.domain.port.out.AuditLog;

class InMemoryAuditLogTest extends AuditLogContract {
  @Override
  protected AuditLog newLog() {
    return new InMemoryAuditLog();
  }
}
