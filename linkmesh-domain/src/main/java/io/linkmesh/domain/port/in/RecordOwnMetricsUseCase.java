package io.linkmesh.domain.port.in;

/**
 * Takes one resource's worth of a collector's own metrics (pushed over OTLP) into its throughput.
 */
public interface RecordOwnMetricsUseCase {
  RecordOwnMetricsOutcome record(RecordOwnMetricsCommand command);
}
