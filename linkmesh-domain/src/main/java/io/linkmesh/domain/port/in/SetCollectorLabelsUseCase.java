package io.linkmesh.domain.port.in;

import io.linkmesh.domain.fleet.Collector;
import java.util.Optional;

/**
 * An operator replaces a collector's labels; its desired config follows. Empty: no such collector.
 */
public interface SetCollectorLabelsUseCase {
  Optional<Collector> setLabels(SetCollectorLabelsCommand command);
}
