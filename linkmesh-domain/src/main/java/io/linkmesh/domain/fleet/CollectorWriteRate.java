package io.linkmesh.domain.fleet;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How often one collector may cause a store write (a revision, with the Git store a pushed commit)
 * after it registered: a token bucket of {@code burst} writes that regains one every {@code
 * refill}. Registration itself is not counted: it happens once per collector.
 *
 * @param burst the writes a collector may cause back to back
 * @param refill how long until one more write is allowed
 */
public record CollectorWriteRate(int burst, Duration refill) {

  public CollectorWriteRate {
    requireNonNull(refill, "refill");
    if (burst < 1) {
      throw new IllegalArgumentException("burst must be at least 1: " + burst);
    }
    if (refill.isNegative() || refill.isZero()) {
      throw new IllegalArgumentException("refill must be positive: " + refill);
    }
  }

  /**
   * Two writes back to back, then one per ten minutes: a real collector renames itself or needs a
   * new credential a few times in its life, while one that renames itself on every call costs at
   * most six revisions an hour.
   */
  public static CollectorWriteRate defaults() {
    return new CollectorWriteRate(2, Duration.ofMinutes(10));
  }
}
