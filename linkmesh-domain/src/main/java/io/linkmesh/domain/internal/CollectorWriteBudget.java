package io.linkmesh.domain.internal;

import static java.util.Objects.requireNonNull;

import io.linkmesh.domain.fleet.CollectorId;
import io.linkmesh.domain.fleet.CollectorWriteRate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One token bucket per collector for the store writes it causes (renames, credentials), so that a
 * collector secret in the wrong hands can add only a bounded number of revisions. A write over the
 * rate is not refused to the collector: its caller defers or skips it (see {@link FleetService}).
 */
final class CollectorWriteBudget {
  private final CollectorWriteRate rate;
  private final Clock clock;
  private final Map<CollectorId, Bucket> buckets = new ConcurrentHashMap<>();

  CollectorWriteBudget(CollectorWriteRate rate, Clock clock) {
    this.rate = requireNonNull(rate, "rate");
    this.clock = requireNonNull(clock, "clock");
  }

  /** Takes one write from the collector's budget; false when it has none left now. */
  boolean tryTake(CollectorId id) {
    Instant now = clock.instant();
    Bucket bucket = buckets.computeIfAbsent(id, k -> new Bucket(rate.burst(), now));
    synchronized (bucket) {
      bucket.refill(now, rate);
      if (bucket.tokens == 0) {
        return false;
      }
      bucket.tokens--;
      return true;
    }
  }

  /** Drops the collector's bucket (it was deregistered). */
  void forget(CollectorId id) {
    buckets.remove(id);
  }

  private static final class Bucket {
    private int tokens;
    private Instant refilledAt;

    Bucket(int tokens, Instant refilledAt) {
      this.tokens = tokens;
      this.refilledAt = refilledAt;
    }

    void refill(Instant now, CollectorWriteRate rate) {
      if (tokens == rate.burst()) {
        refilledAt = now;
        return;
      }
      Duration elapsed = Duration.between(refilledAt, now);
      if (elapsed.isNegative()) {
        // The clock stepped back: wait for it rather than hand out writes.
        refilledAt = now;
        return;
      }
      long earned = elapsed.dividedBy(rate.refill());
      if (earned > 0) {
        tokens = (int) Math.min(rate.burst(), tokens + earned);
        refilledAt =
            tokens == rate.burst() ? now : refilledAt.plus(rate.refill().multipliedBy(earned));
      }
    }
  }
}
