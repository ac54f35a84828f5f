package io.linkmesh.domain.port.in;

import io.linkmesh.domain.fleet.CollectorId;
import io.linkmesh.domain.throughput.CollectorThroughput;
import java.util.Optional;

/** Read-only views of collectors' throughput. */
public interface ThroughputQueries {
  /**
   * The latest per-component rates and the kept series of a registered collector; empty when it is
   * unknown or has pushed nothing that is still kept.
   */
  Optional<CollectorThroughput> throughput(CollectorId collector);
}
