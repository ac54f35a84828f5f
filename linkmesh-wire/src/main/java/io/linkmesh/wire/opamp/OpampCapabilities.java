package io.linkmesh.wire.opamp;

import io.linkmesh.wire.opamp.proto.AgentCapabilities;
import io.linkmesh.wire.opamp.proto.ServerCapabilities;

/**
 * OpAMP capability bit masks, read and built from the generated enums so that no bit value is
 * written by hand outside {@code opamp.proto}.
 */
public final class OpampCapabilities {

  private OpampCapabilities() {}

  /** Whether an agent's {@code capabilities} mask has {@code capability} set. */
  public static boolean has(long capabilities, AgentCapabilities capability) {
    return (capabilities & capability.getNumber()) != 0;
  }

  /** The mask an agent sends with these capabilities. */
  public static long of(AgentCapabilities... capabilities) {
    long mask = 0;
    for (AgentCapabilities c : capabilities) {
      mask |= c.getNumber();
    }
    return mask;
  }

  /** The mask a server sends with these capabilities. */
  public static long of(ServerCapabilities... capabilities) {
    long mask = 0;
    for (ServerCapabilities c : capabilities) {
      mask |= c.getNumber();
    }
    return mask;
  }
}
