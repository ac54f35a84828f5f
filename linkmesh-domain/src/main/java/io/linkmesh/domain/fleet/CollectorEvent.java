package io.linkmesh.domain.fleet;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** One lifecycle event of one collector, with a human-readable detail. */
public record CollectorEvent(
    CollectorId collector, CollectorEventType type, Instant time, String detail) {
  public CollectorEvent {
    requireNonNull(collector, "collector");
    requireNonNull(type, "type");
    requireNonNull(time, "time");
    requireNonNull(detail, "detail");
  }
}
