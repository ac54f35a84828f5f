package io.linkmesh.domain.port.in;

/**
 * A connected collector reports (part of) its state. This is the hot path: a heartbeat with nothing
 * new costs a timestamp.
 */
public interface ReportCollectorStatusUseCase {
  StatusOutcome report(ReportCollectorStatusCommand command);
}
