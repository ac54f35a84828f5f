package io.linkmesh.firewall.render;

import java.util.Locale;
import java.util.Optional;

/** Which hosts a host-firewall export (nftables, iptables) is for. */
public enum HostRole {
  /** The LinkMesh server: control plane inbound, store plane outbound. */
  SERVER,
  /** Collector hosts: outbound to the server and to every backend; nothing inbound. */
  COLLECTORS,
  /** Both, as separate sections. */
  ALL;

  /** The role named {@code server}, {@code collectors} (or {@code collector}) or {@code all}. */
  public static Optional<HostRole> parse(String name) {
    switch (name.strip().toLowerCase(Locale.ROOT)) {
      case "server":
        return Optional.of(SERVER);
      case "collectors":
      case "collector":
        return Optional.of(COLLECTORS);
      case "all":
        return Optional.of(ALL);
      default:
        return Optional.empty();
    }
  }

  public boolean includesServer() {
    return this != COLLECTORS;
  }

  public boolean includesCollectors() {
    return this != SERVER;
  }
}
