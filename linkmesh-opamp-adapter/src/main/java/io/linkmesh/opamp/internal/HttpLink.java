package io.linkmesh.opamp.internal;

import io.linkmesh.domain.fleet.Transport;

/** One plain-HTTP request as an agent link: no pushes, replies travel in the response. */
final class HttpLink extends AgentLink {

  HttpLink(
      Object who, String bearer, String opampEndpoint, String metricsEndpoint, String address) {
    super(who, bearer, Transport.HTTP, opampEndpoint, metricsEndpoint, address);
  }

  @Override
  boolean canPush() {
    return false;
  }

  @Override
  void push(byte[] framed) {
    throw new IllegalStateException("plain HTTP cannot push");
  }

  @Override
  void close(int code, String reason) {
    // Nothing to close: the next request is answered by the state the machine keeps.
  }
}
