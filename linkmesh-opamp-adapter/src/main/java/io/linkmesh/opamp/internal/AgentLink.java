package io.linkmesh.opamp.internal;

import io.linkmesh.domain.fleet.Transport;
import org.jspecify.annotations.Nullable;

/**
 * One agent connection as the session machine sees it: a WebSocket (lives as long as the socket) or
 * one plain-HTTP request. Holds only what the machine needs between messages.
 */
public abstract class AgentLink {

  final Object who;
  final Transport transport;
  final String opampEndpoint;
  final String metricsEndpoint;
  final String address;

  /** The presented bearer; needed only to build complete connection settings, then dropped. */
  @Nullable String bearer;

  boolean capabilitiesSent;
  @Nullable AgentState bound;

  protected AgentLink(
      Object who,
      String bearer,
      Transport transport,
      String opampEndpoint,
      String metricsEndpoint,
      String address) {
    this.who = who;
    this.address = address;
    this.bearer = bearer;
    this.transport = transport;
    this.opampEndpoint = opampEndpoint;
    this.metricsEndpoint = metricsEndpoint;
  }

  /** True while unsolicited messages can be sent on this link (WebSocket only). */
  abstract boolean canPush();

  /** Sends an unsolicited, already framed message; never blocks. */
  abstract void push(byte[] framed);

  /** Sends a keep-alive ping (WebSocket only); never blocks. */
  void ping() {}

  /** Closes the link from the server side. */
  abstract void close(int code, String reason);
}
