package io.linkmesh.domain.port.in;

import io.linkmesh.domain.throughput.FleetThroughput;

/** Collectors' per-component throughput, from the metrics they send about themselves. */
public interface Throughput extends RecordOwnMetricsUseCase, ThroughputQueries {

  /** The in-memory series behind the queries, with their bounds and their size. */
  FleetThroughput series();
}
