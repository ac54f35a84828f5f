package io.linkmesh.domain.throughput;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;

/**
 * The numbers of one push: each rate is the average over the interval that ended at {@code at}.
 *
 * @param at the collector's observation time of the push
 */
public record ThroughputPoint(Instant at, List<ComponentThroughput> components) {
  public ThroughputPoint {
    requireNonNull(at, "at");
    components = List.copyOf(components);
  }
}
