package io.linkmesh.domain.audit;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * One security-relevant action: who did what to which target, when, from which address, and whether
 * it was allowed.
 *
 * @param sequence position in the log, assigned by the log on append (0 before)
 * @param actor the API token's name, {@code admin}, {@code collector:<id>} or {@code anonymous}
 * @param action one of the {@link AuditAction} names
 * @param outcome {@code ok}, {@code denied}, {@code refused} or {@code failed}
 */
public record AuditEntry(
    long sequence,
    Instant time,
    String actor,
    String action,
    String target,
    String address,
    String outcome,
    String detail) {
  public AuditEntry {
    requireNonNull(time, "time");
    requireNonNull(actor, "actor");
    requireNonNull(action, "action");
    requireNonNull(target, "target");
    requireNonNull(address, "address");
    requireNonNull(outcome, "outcome");
    requireNonNull(detail, "detail");
    if (sequence < 0) {
      throw new IllegalArgumentException("sequence must not be negative");
    }
  }

  public AuditEntry withSequence(long newSequence) {
    return new AuditEntry(newSequence, time, actor, action, target, address, outcome, detail);
  }
}
