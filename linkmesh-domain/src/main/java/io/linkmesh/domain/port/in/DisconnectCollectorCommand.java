package io.linkmesh.domain.port.in;

import static java.util.Objects.requireNonNull;

import io.linkmesh.domain.fleet.CollectorId;

/** Which collector went away, and how. */
public record DisconnectCollectorCommand(CollectorId id, Reason reason, String detail) {
  public DisconnectCollectorCommand {
    requireNonNull(id, "id");
    requireNonNull(reason, "reason");
    requireNonNull(detail, "detail");
  }

  /** How a connection ends. */
  public enum Reason {
    /** The socket closed. */
    CLOSED,
    /** The collector said goodbye (OpAMP AgentDisconnect). */
    AGENT_DISCONNECT,
    /** Alloy's UnregisterCollector: it keeps its record until an operator deregisters it. */
    UNREGISTERED,
    /** A poller stopped polling. */
    SILENT
  }
}
