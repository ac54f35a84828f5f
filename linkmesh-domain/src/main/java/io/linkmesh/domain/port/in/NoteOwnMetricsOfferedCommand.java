package io.linkmesh.domain.port.in;

import static java.util.Objects.requireNonNull;

import io.linkmesh.domain.fleet.CollectorId;

/**
 * @param id the collector that was offered own-metrics settings
 * @param endpoint where it was told to push its own metrics (no secrets)
 */
public record NoteOwnMetricsOfferedCommand(CollectorId id, String endpoint) {
  public NoteOwnMetricsOfferedCommand {
    requireNonNull(id, "id");
    requireNonNull(endpoint, "endpoint");
  }
}
