package io.linkmesh.domain.internal;

import io.linkmesh.domain.audit.Actor;
import io.linkmesh.domain.audit.AuditEntry;
import io.linkmesh.domain.port.out.AuditLog;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** Writes audit entries with the time from the domain's clock. */
public final class Auditor {
  private final AuditLog log;
  private final Clock clock;

  public Auditor(AuditLog log, Clock clock) {
    this.log = log;
    this.clock = clock;
  }

  void record(Actor actor, String action, String target, String outcome, String detail) {
    log.append(
        new AuditEntry(
            0, clock.instant(), actor.name(), action, target, actor.address(), outcome, detail));
  }

  /** One entry of {@link #recordAll}. */
  record Pending(Actor actor, String action, String target, String outcome, String detail) {}

  /** Records several entries at once, so a durable log can write them in one round. */
  void recordAll(List<Pending> entries) {
    if (entries.isEmpty()) {
      return;
    }
    List<AuditEntry> out = new ArrayList<>(entries.size());
    for (Pending e : entries) {
      out.add(
          new AuditEntry(
              0,
              clock.instant(),
              e.actor().name(),
              e.action(),
              e.target(),
              e.actor().address(),
              e.outcome(),
              e.detail()));
    }
    log.appendAll(out);
  }

  AuditLog log() {
    return log;
  }
}
