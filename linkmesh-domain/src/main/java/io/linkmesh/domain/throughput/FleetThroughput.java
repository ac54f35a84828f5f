package io.linkmesh.domain.throughput;

import static java.util.Objects.requireNonNull;

import io.linkmesh.domain.fleet.CollectorId;
import java.time.Clock;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The throughput series of the whole fleet, in memory and bounded. Safe for concurrent use: each
 * collector's series has its own lock.
 *
 * <p>Memory is bounded three ways: per collector by {@link ThroughputLimits#retention()}, {@link
 * ThroughputLimits#maxPointsPerCollector()} and {@link ThroughputLimits#maxStreamsPerCollector()};
 * across the fleet by {@link ThroughputLimits#maxBytes()} (an estimate of the retained bytes). When
 * a push takes the fleet over {@code maxBytes}, the collectors that pushed least recently are
 * forgotten whole (their next push starts a new baseline); if the pushing collector alone is over
 * the cap, its oldest points go.
 */
public final class FleetThroughput {
  private final ThroughputLimits limits;
  private final Clock clock;
  // Insertion order = push order: record() moves the pushing collector to the end.
  private final LinkedHashMap<CollectorId, CollectorSeries> series = new LinkedHashMap<>();
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicLong evictions = new AtomicLong();

  public FleetThroughput(ThroughputLimits limits, Clock clock) {
    this.limits = requireNonNull(limits, "limits");
    this.clock = requireNonNull(clock, "clock");
  }

  /**
   * Folds one push of a collector's own metrics into its series.
   *
   * @return how many samples were throughput metrics (the rest are ignored)
   */
  public int record(CollectorId collector, List<MetricSample> samples) {
    requireNonNull(collector, "collector");
    requireNonNull(samples, "samples");
    long now = clock.millis();
    while (true) {
      CollectorSeries s;
      synchronized (series) {
        s = series.remove(collector);
        if (s == null) {
          s = new CollectorSeries(collector, limits);
          bytes.addAndGet(s.bytes);
        }
        series.put(collector, s);
      }
      int used;
      synchronized (s) {
        if (s.evicted) {
          continue; // evicted between the lookup and the lock: start afresh
        }
        long before = s.bytes;
        used = s.record(samples, now);
        bytes.addAndGet(s.bytes - before);
      }
      if (bytes.get() > limits.maxBytes()) {
        evictFor(s);
      }
      return used;
    }
  }

  /** The collector's latest numbers and series, if it pushed anything that is still kept. */
  public Optional<CollectorThroughput> throughput(CollectorId collector) {
    CollectorSeries s;
    synchronized (series) {
      s = series.get(collector);
    }
    if (s == null) {
      return Optional.empty();
    }
    synchronized (s) {
      return s.evicted ? Optional.empty() : Optional.of(s.view(clock.millis()));
    }
  }

  /** Drops everything kept about a collector (it was deregistered). */
  public void forget(CollectorId collector) {
    CollectorSeries s;
    synchronized (series) {
      s = series.remove(collector);
    }
    if (s != null) {
      drop(s);
    }
  }

  /** The estimated bytes retained for the whole fleet. */
  public long estimatedBytes() {
    return bytes.get();
  }

  /** How many collectors have a series. */
  public int collectors() {
    synchronized (series) {
      return series.size();
    }
  }

  /** How many collectors were forgotten to stay under the memory cap, since start. */
  public long evictions() {
    return evictions.get();
  }

  public ThroughputLimits limits() {
    return limits;
  }

  private void evictFor(CollectorSeries current) {
    synchronized (series) {
      Iterator<Map.Entry<CollectorId, CollectorSeries>> it = series.entrySet().iterator();
      while (bytes.get() > limits.maxBytes() && it.hasNext()) {
        CollectorSeries victim = it.next().getValue();
        if (victim == current) {
          continue;
        }
        it.remove();
        drop(victim);
        evictions.incrementAndGet();
      }
    }
    if (bytes.get() > limits.maxBytes()) {
      synchronized (current) {
        if (!current.evicted) {
          long before = current.bytes;
          while (bytes.get() - (before - current.bytes) > limits.maxBytes()
              && current.dropOldestPoint()) {
            // drop the pushing collector's oldest points until the fleet fits
          }
          bytes.addAndGet(current.bytes - before);
        }
      }
    }
  }

  private void drop(CollectorSeries s) {
    synchronized (s) {
      if (!s.evicted) {
        s.evicted = true;
        bytes.addAndGet(-s.bytes);
      }
    }
  }
}
