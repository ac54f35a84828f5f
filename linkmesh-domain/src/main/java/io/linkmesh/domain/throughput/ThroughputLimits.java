package io.linkmesh.domain.throughput;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * Bounds of the in-memory throughput series.
 *
 * @param retention how long points are kept (by the server's clock)
 * @param maxGap a cumulative counter observed again after a longer silence gets a new baseline
 *     instead of a rate averaged over the silence; a delta longer than this is not turned into a
 *     rate
 * @param maxPointsPerCollector points kept per collector, oldest dropped first
 * @param maxStreamsPerCollector distinct data point streams (name + attributes) tracked per
 *     collector; data points of further streams are ignored
 * @param maxBytes estimated memory for all collectors together; over it the collectors that pushed
 *     least recently are forgotten whole
 */
public record ThroughputLimits(
    Duration retention,
    Duration maxGap,
    int maxPointsPerCollector,
    int maxStreamsPerCollector,
    long maxBytes) {

  public ThroughputLimits {
    requireNonNull(retention, "retention");
    requireNonNull(maxGap, "maxGap");
    if (retention.isNegative() || retention.isZero()) {
      throw new IllegalArgumentException("retention must be positive: " + retention);
    }
    if (maxGap.isNegative() || maxGap.isZero()) {
      throw new IllegalArgumentException("maxGap must be positive: " + maxGap);
    }
    if (maxPointsPerCollector < 1 || maxPointsPerCollector > 100_000) {
      throw new IllegalArgumentException(
          "maxPointsPerCollector must be 1-100000: " + maxPointsPerCollector);
    }
    if (maxStreamsPerCollector < 1 || maxStreamsPerCollector > 100_000) {
      throw new IllegalArgumentException(
          "maxStreamsPerCollector must be 1-100000: " + maxStreamsPerCollector);
    }
    if (maxBytes < 1024) {
      throw new IllegalArgumentException("maxBytes must be at least 1024: " + maxBytes);
    }
  }

  /**
   * One hour, 15 minutes max gap, 720 points (an hour at a 5 s push interval), 2048 streams per
   * collector, 64 MiB for the fleet.
   */
  public static ThroughputLimits defaults() {
    return new ThroughputLimits(
        Duration.ofHours(1), Duration.ofMinutes(15), 720, 2048, 64L * 1024 * 1024);
  }

  public ThroughputLimits withMaxBytes(long bytes) {
    return new ThroughputLimits(
        retention, maxGap, maxPointsPerCollector, maxStreamsPerCollector, bytes);
  }

  public ThroughputLimits withRetention(Duration newRetention) {
    return new ThroughputLimits(
        newRetention, maxGap, maxPointsPerCollector, maxStreamsPerCollector, maxBytes);
  }
}
