package io.linkmesh.domain.throughput;

import static java.util.Objects.requireNonNull;

import io.linkmesh.domain.fleet.CollectorId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What is known of one collector's throughput.
 *
 * @param updatedAt when the server last took a push from it
 * @param latest each component's most recent numbers (components, then signals, in a stable order)
 * @param series the kept points, oldest first
 * @param retention how far back the series reaches at most
 */
public record CollectorThroughput(
    CollectorId collector,
    Instant updatedAt,
    List<ComponentThroughput> latest,
    List<ThroughputPoint> series,
    Duration retention) {
  public CollectorThroughput {
    requireNonNull(collector, "collector");
    requireNonNull(updatedAt, "updatedAt");
    requireNonNull(retention, "retention");
    latest = List.copyOf(latest);
    series = List.copyOf(series);
  }

  /** The latest numbers of one component. */
  public Optional<ComponentThroughput> component(ComponentKind kind, String id) {
    return latest.stream().filter(c -> c.kind() == kind && c.id().equals(id)).findFirst();
  }
}
