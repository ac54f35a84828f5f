package io.linkmesh.domain.port.in;

import static java.util.Objects.requireNonNull;

import io.linkmesh.domain.fleet.CollectorId;

/** What became of one resource's metrics. */
public sealed interface RecordOwnMetricsOutcome {
  /**
   * Stored for {@code collector}.
   *
   * @param used samples that were throughput metrics
   * @param ignored samples of other metrics (process, runtime, ...), accepted but not kept
   */
  record Recorded(CollectorId collector, int used, int ignored) implements RecordOwnMetricsOutcome {
    public Recorded {
      requireNonNull(collector, "collector");
    }
  }

  /** Not stored: the collector is unknown, deregistered, or not the one the secret belongs to. */
  record Rejected(Refusal reason, String message) implements RecordOwnMetricsOutcome {
    public Rejected {
      requireNonNull(reason, "reason");
      requireNonNull(message, "message");
    }
  }
}
