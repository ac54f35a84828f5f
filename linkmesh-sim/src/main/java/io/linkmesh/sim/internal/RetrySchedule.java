package io.linkmesh.sim.internal;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The retry schedule of opamp-go's clients (the defaults of the backoff library they use): the
 * first try at once, then 0.5 s growing by 1.5 per attempt up to 60 s, each wait drawn within ±50 %
 * of it. Each request (HTTP) or connect cycle (WebSocket) starts a fresh schedule. Not thread-safe:
 * the owning agent guards it.
 */
final class RetrySchedule {
  static final long INITIAL_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
  static final long MAX_NANOS = TimeUnit.SECONDS.toNanos(60);

  private long intervalNanos = INITIAL_NANOS;

  /** The wait before the next retry; later calls grow it. */
  long next() {
    long current = intervalNanos;
    intervalNanos = Math.min(MAX_NANOS, (long) (intervalNanos * 1.5));
    long delta = current / 2;
    return current - delta + ThreadLocalRandom.current().nextLong(2 * delta + 1);
  }

  /** The wait before the next retry when the server asked for {@code retryAfterNanos} at least. */
  long next(long retryAfterNanos) {
    return Math.max(next(), retryAfterNanos);
  }

  void reset() {
    intervalNanos = INITIAL_NANOS;
  }
}
