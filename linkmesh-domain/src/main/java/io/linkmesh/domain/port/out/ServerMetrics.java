package io.linkmesh.domain.port.out;

import io.linkmesh.domain.fleet.CollectorRuntime;

/**
 * What the server measures about itself, as named events; how they are kept and exposed (the
 * Prometheus text of {@code /api/v1/metrics}) is the implementation's business. Every method is
 * called on hot paths from many threads: implementations must be safe for concurrent use, cheap and
 * must not throw. Every method does nothing by default, as {@link #noop()} does.
 */
public interface ServerMetrics {

  /** How a revision store commit ended. */
  enum CommitOutcome {
    COMMITTED,
    CONFLICT,
    ERROR
  }

  /** A message was received from a collector, over the protocol of its runtime. */
  default void messageReceived(CollectorRuntime runtime) {}

  /** A message was sent to a collector, over the protocol of its runtime. */
  default void messageSent(CollectorRuntime runtime) {}

  /** A desired config was sent to a collector of this runtime. */
  default void configPushed(CollectorRuntime runtime) {}

  /** The revision store took {@code nanos} to commit, with this result. */
  default void commitTimed(CommitOutcome outcome, long nanos) {}

  /** Metrics that keep nothing. */
  static ServerMetrics noop() {
    return new ServerMetrics() {};
  }
}
