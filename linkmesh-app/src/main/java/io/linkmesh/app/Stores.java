package io.linkmesh.app;

import io.linkmesh.domain.port.out.AuditLog;
import io.linkmesh.domain.port.out.RevisionStore;

/** The opened store: revisions, the audit log, and how to close them. */
public record Stores(RevisionStore revisions, AuditLog audit, AutoCloseable closer)
    implements AutoCloseable {
  @Override
  public void close() {
    try {
      closer.close();
    } catch (Exception e) {
      throw new IllegalStateException("closing the store failed: " + e.getMessage(), e);
    }
  }
}
