package io.linkmesh.domain.port.in;

import io.linkmesh.domain.audit.AuditPage;
import io.linkmesh.domain.audit.AuditQuery;

/** Reads the audit log. */
public interface AuditQueries {
  AuditPage audit(AuditQuery query);
}
