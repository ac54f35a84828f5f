package io.linkmesh.app;

import io.linkmesh.domain.port.out.AuditLog;
import io.linkmesh.domain.port.out.FleetStatusExchange;
import io.linkmesh.domain.port.out.RevisionStore;

/**
 * The opened store: revisions, the audit log, how replicas share live collector state, and how to
 * close them.
 */
public record Stores(
    RevisionStore revisions, AuditLog audit, FleetStatusExchange fleetStatus, AutoCloseable closer)
    implements AutoCloseable {

  /** A store for one replica alone: no live state to share. */
  public Stores(RevisionStore revisions, AuditLog audit, AutoCloseable closer) {
    this(revisions, audit, FleetStatusExchange.none(), closer);
  }

  @Override
  public void close() {
    try {
      closer.close();
    } catch (Exception e) {
      throw new IllegalStateException("closing the store failed: " + e.getMessage(), e);
    }
  }
}
