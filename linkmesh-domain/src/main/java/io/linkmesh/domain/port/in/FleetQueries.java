package io.linkmesh.domain.port.in;

import io.linkmesh.domain.fleet.Collector;
import io.linkmesh.domain.fleet.CollectorEvent;
import io.linkmesh.domain.fleet.CollectorId;
import java.util.List;
import java.util.Optional;

/** Read-only views of the fleet. */
public interface FleetQueries {
  /** Collectors matching the filter, ordered by id. */
  List<Collector> collectors(CollectorFilter filter);

  Optional<Collector> collector(CollectorId id);

  /** The collector's latest lifecycle events, newest first; empty for an unknown collector. */
  List<CollectorEvent> events(CollectorId id, int limit);
}
