package io.linkmesh.sim;

/** How the simulated OpAMP agents talk to the server (PROTOCOLS.md A.2, A.3). */
public enum OpampTransport {
  /** One WebSocket per agent; heartbeats at the interval the server offers. */
  WS,
  /** Plain HTTP polling: a POST per poll interval, answers only in the responses. */
  HTTP
}
