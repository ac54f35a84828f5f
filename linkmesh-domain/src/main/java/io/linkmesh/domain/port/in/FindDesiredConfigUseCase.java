package io.linkmesh.domain.port.in;

import io.linkmesh.domain.config.DesiredConfig;
import io.linkmesh.domain.fleet.CollectorId;
import java.util.Optional;

/** What a collector should run now; empty when no config matches it or it is unknown. */
public interface FindDesiredConfigUseCase {
  Optional<DesiredConfig> desiredConfig(CollectorId collector);
}
