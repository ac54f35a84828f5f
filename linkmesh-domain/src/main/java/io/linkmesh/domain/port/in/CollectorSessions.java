package io.linkmesh.domain.port.in;

import io.linkmesh.domain.port.out.AgentNotifier;

/**
 * The collectors' side of the fleet, what protocol adapters use: who may connect, registration on
 * first sight, status reports, disconnection, and the desired config each collector should run.
 */
public interface CollectorSessions
    extends AuthenticateCollectorUseCase,
        ConnectCollectorUseCase,
        ReportCollectorStatusUseCase,
        DisconnectCollectorUseCase,
        NoteOwnMetricsOfferedUseCase,
        FindDesiredConfigUseCase {

  /** Adds an adapter to tell about desired-config changes and deregistrations. */
  void addNotifier(AgentNotifier notifier);
}
