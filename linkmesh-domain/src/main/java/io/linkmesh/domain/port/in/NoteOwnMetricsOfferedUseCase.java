package io.linkmesh.domain.port.in;

/**
 * An adapter offered a connected collector settings to push its own metrics to this server (OpAMP
 * {@code ConnectionSettingsOffers.own_metrics}): recorded as the collector's {@code
 * own_metrics_offered} event.
 */
public interface NoteOwnMetricsOfferedUseCase {
  void ownMetricsOffered(NoteOwnMetricsOfferedCommand command);
}
