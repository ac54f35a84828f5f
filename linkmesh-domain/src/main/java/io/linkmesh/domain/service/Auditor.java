package io.linkmesh.domain.service;

import io.linkmesh.domain.audit.Actor;
import io.linkmesh.domain.audit.AuditEntry;
import io.linkmesh.domain.port.out.AuditLog;
import java.time.Clock;

/** Writes audit entries with the time from the domain's clock. */
final class Auditor {
  private final AuditLog log;
  private final Clock clock;

  Auditor(AuditLog log, Clock clock) {
    this.log = log;
    this.clock = clock;
  }

  void record(Actor actor, String action, String target, String outcome, String detail) {
    log.append(
        new AuditEntry(
            0, clock.instant(), actor.name(), action, target, actor.address(), outcome, detail));
  }

  AuditLog log() {
    return log;
  }
}
