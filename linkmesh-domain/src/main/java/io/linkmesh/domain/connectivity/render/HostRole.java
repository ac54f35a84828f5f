package io.linkmesh.domain.connectivity.render;

/** Which hosts a host-firewall export (nftables, iptables) is for. */
public enum HostRole {
  /** The LinkMesh server: control plane inbound, store plane outbound. */
  SERVER,
  /** Collector hosts: outbound to the server and to every backend; nothing inbound. */
  COLLECTORS,
  /** Both, as separate sections. */
  ALL;

  boolean server() {
    return this != COLLECTORS;
  }

  boolean collectors() {
    return this != SERVER;
  }
}
