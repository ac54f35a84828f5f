package io.linkmesh.firewall.render.internal;

import io.linkmesh.domain.connectivity.FirewallReport;
import io.linkmesh.domain.connectivity.FirewallRule;
import io.linkmesh.domain.connectivity.Plane;
import io.linkmesh.domain.connectivity.ServerAddress;
import io.linkmesh.firewall.render.HostRole;
import java.util.List;

/**
 * An nftables ruleset ({@code nft -f}): table {@code inet linkmesh_server} for the LinkMesh server
 * host (control plane inbound on its listen port, Git egress) and table {@code inet
 * linkmesh_collectors} for collector hosts (egress to the server and to each backend). Each base
 * chain drops what it does not list in its direction.
 *
 * <p>nftables matches addresses, not names: a rule to a backend given by name matches its port and
 * names the backend in its comment; a backend given as an IP address is matched by address too.
 */
public final class NftablesRenderer {
  private static final int COMMENT = 120;

  private NftablesRenderer() {}

  public static String render(FirewallReport report, HostRole role) {
    StringBuilder nft = new StringBuilder("#!/usr/sbin/nft -f\n");
    nft.append(Text.commentedHeader(report, "nftables"));
    nft.append("#\n");
    if (role == HostRole.ALL) {
      nft.append(
          "# Two tables: load table linkmesh_server on the LinkMesh server host and table\n"
              + "# linkmesh_collectors on collector hosts, not both on one host:\n"
              + "#   linkmesh firewall --format nftables --role server|collectors\n");
    }
    nft.append(
        "# Each base chain drops what it does not list in its direction. The server table keeps\n"
            + "# SSH on port 22 open; add your own access (another SSH port, the collectors' own\n"
            + "# receivers, other services) before loading.\n"
            + "# nftables matches addresses, not names: a backend given by name is matched by its\n"
            + "# port, and named in the rule's comment.\n\n");
    Text.sections(role, () -> server(nft, report), () -> collectors(nft, report));
    return nft.toString();
  }

  private static void server(StringBuilder nft, FirewallReport report) {
    int listen = report.deployment().listenPort();
    ServerAddress address = report.deployment().server();
    nft.append("# ---- LinkMesh server host ----\n");
    nft.append("table inet linkmesh_server\n");
    nft.append("flush table inet linkmesh_server\n");
    nft.append("table inet linkmesh_server {\n");
    nft.append("  chain input {\n");
    nft.append("    type filter hook input priority filter; policy drop;\n");
    nft.append("    ct state established,related accept\n");
    nft.append("    ct state invalid drop\n");
    nft.append("    iifname \"lo\" accept\n");
    nft.append("    meta l4proto { icmp, ipv6-icmp } accept\n");
    nft.append(
        "    tcp dport 22 accept comment \"management SSH, not LinkMesh: restrict it to your admin"
            + " network\"\n");
    List<FirewallRule> control = report.rules(Plane.CONTROL);
    if (control.isEmpty()) {
      nft.append("    # no control-plane rule in this scope\n");
    } else {
      nft.append("    # Control plane, all on one port");
      if (address.port() != listen) {
        nft.append(" (external port ")
            .append(address.port())
            .append(" at ")
            .append(Text.line(address.host()))
            .append(" reaches listen port ")
            .append(listen)
            .append(')');
      }
      nft.append(":\n");
      for (FirewallRule rule : control) {
        nft.append("    #   ").append(Text.summary(rule)).append('\n');
      }
      nft.append("    tcp dport ")
          .append(listen)
          .append(" counter accept comment \"")
          .append(Text.comment("linkmesh control plane: UI, API and collector channels", COMMENT))
          .append("\"\n");
    }
    nft.append("  }\n");
    List<FirewallRule> store = report.rules(Plane.STORE);
    if (store.isEmpty()) {
      nft.append("  # Outbound: none needed by LinkMesh (no remote Git store).\n");
    } else {
      nft.append(
          "  # Outbound: only the Git store needs a connection. This chain keeps policy accept\n"
              + "  # so nothing else on the host breaks; it counts the Git traffic.\n");
      nft.append("  chain output {\n");
      nft.append("    type filter hook output priority filter; policy accept;\n");
      for (FirewallRule rule : store) {
        nft.append("    ")
            .append(match(rule.host(), rule.port()))
            .append(" counter accept comment \"")
            .append(Text.comment(Text.label(rule), COMMENT))
            .append("\"\n");
      }
      nft.append("  }\n");
    }
    nft.append("}\n\n");
  }

  private static void collectors(StringBuilder nft, FirewallReport report) {
    ServerAddress address = report.deployment().server();
    nft.append("# ---- Collector hosts ----\n");
    nft.append("# Inbound: nothing for LinkMesh. Collectors and agents always dial out.\n");
    nft.append("table inet linkmesh_collectors\n");
    nft.append("flush table inet linkmesh_collectors\n");
    nft.append("table inet linkmesh_collectors {\n");
    nft.append("  chain output {\n");
    nft.append("    type filter hook output priority filter; policy drop;\n");
    nft.append("    ct state established,related accept\n");
    nft.append("    oifname \"lo\" accept\n");
    nft.append("    meta l4proto { icmp, ipv6-icmp } accept\n");
    nft.append(
        "    udp dport 53 accept comment \"DNS: resolve the LinkMesh server and backends\"\n");
    nft.append("    tcp dport 53 accept comment \"DNS over TCP\"\n");
    if (!report.rules(Plane.CONTROL).isEmpty()) {
      nft.append("    ")
          .append(match(address.host(), address.port()))
          .append(" counter accept comment \"")
          .append(Text.comment(Text.label(address), COMMENT))
          .append("\"\n");
    }
    for (FirewallRule rule : report.rules(Plane.DATA)) {
      if (rule.determined()) {
        nft.append("    ")
            .append(match(rule.host(), rule.port()))
            .append(" counter accept comment \"")
            .append(Text.comment(Text.label(rule), COMMENT))
            .append("\"\n");
      } else {
        nft.append("    # UNDETERMINED, open by hand: ")
            .append(Text.undetermined(rule))
            .append('\n');
      }
    }
    nft.append("  }\n");
    nft.append("}\n");
  }

  private static String match(String host, int port) {
    if (Text.ipv4(host)) {
      return "ip daddr " + host + " tcp dport " + port;
    }
    if (Text.ipv6(host)) {
      return "ip6 daddr " + host + " tcp dport " + port;
    }
    return "tcp dport " + port;
  }
}
