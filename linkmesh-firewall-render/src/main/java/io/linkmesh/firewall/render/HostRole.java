package io.linkmesh.firewall.render;

import io.linkmesh.firewall.render.internal.Text;
import java.util.Map;
import java.util.Optional;

/** Which hosts a host-firewall export (nftables, iptables) is for. */
public enum HostRole {
  /** The LinkMesh server: control plane inbound, store plane outbound. */
  SERVER,
  /** Collector hosts: outbound to the server and to every backend; nothing inbound. */
  COLLECTORS,
  /** Both, as separate sections. */
  ALL;

  /** The name {@code ?role=} and {@code --role} use. */
  public String wireName() {
    return Text.wireName(this);
  }

  /** The role named {@code server}, {@code collectors} (or {@code collector}) or {@code all}. */
  public static Optional<HostRole> parse(String name) {
    return Text.named(values(), Map.of("collector", COLLECTORS), name);
  }

  public boolean includesServer() {
    return this != COLLECTORS;
  }

  public boolean includesCollectors() {
    return this != SERVER;
  }
}
