package io.linkmesh.firewall.render.internal;

import io.linkmesh.domain.connectivity.FirewallReport;
import io.linkmesh.domain.connectivity.FirewallRule;
import io.linkmesh.domain.connectivity.Plane;
import io.linkmesh.domain.connectivity.ServerAddress;
import io.linkmesh.firewall.render.HostRole;

/**
 * {@code iptables}/{@code ip6tables} commands that append ACCEPT rules for what LinkMesh needs to
 * the host's own INPUT and OUTPUT chains: the server host's ingress on its listen port (and Git
 * egress), collector hosts' egress to the server and to each backend. They leave the chains'
 * policies to the operator. Hosts given by name are resolved by iptables once, when the rule is
 * added; a host that is not a plain name or address is never put on a command line.
 */
public final class IptablesRenderer {
  private static final int COMMENT = 200;

  private IptablesRenderer() {}

  public static String render(FirewallReport report, HostRole role) {
    StringBuilder sh = new StringBuilder("#!/bin/sh\n");
    sh.append(Text.commentedHeader(report, "iptables"));
    sh.append(
        "#\n"
            + "# These commands append ACCEPT rules to your INPUT/OUTPUT chains; the chains'\n"
            + "# policies stay yours. Names after -d are resolved once, when the rule is added.\n");
    if (role == HostRole.ALL) {
      sh.append("# Run the server section on the LinkMesh server, the collector section on\n");
      sh.append(
          "# collector hosts (linkmesh firewall --format iptables --role server|collectors).\n");
    }
    sh.append("set -e\n\n");
    Text.sections(role, () -> server(sh, report), () -> collectors(sh, report));
    return sh.toString();
  }

  private static void server(StringBuilder sh, FirewallReport report) {
    int listen = report.deployment().listenPort();
    sh.append("# ---- LinkMesh server host: control plane inbound ----\n");
    if (report.rules(Plane.CONTROL).isEmpty()) {
      sh.append("# no control-plane rule in this scope\n");
    }
    for (FirewallRule rule : report.rules(Plane.CONTROL)) {
      sh.append("#   ").append(Text.summary(rule)).append('\n');
    }
    if (!report.rules(Plane.CONTROL).isEmpty()) {
      String comment =
          Text.comment("linkmesh control plane: UI, API and collector channels", COMMENT);
      for (String tool : new String[] {"iptables", "ip6tables"}) {
        sh.append(tool)
            .append(" -A INPUT -p tcp --dport ")
            .append(listen)
            .append(" -m conntrack --ctstate NEW -m comment --comment '")
            .append(comment)
            .append("' -j ACCEPT\n");
      }
    }
    sh.append("\n# ---- LinkMesh server host: store plane outbound ----\n");
    if (report.rules(Plane.STORE).isEmpty()) {
      sh.append("# none: no remote Git store\n");
    }
    for (FirewallRule rule : report.rules(Plane.STORE)) {
      egress(sh, rule.host(), rule.port(), Text.label(rule));
    }
    sh.append('\n');
  }

  private static void collectors(StringBuilder sh, FirewallReport report) {
    ServerAddress address = report.deployment().server();
    sh.append("# ---- Collector hosts: nothing inbound for LinkMesh ----\n");
    sh.append("# ---- Collector hosts: control plane outbound to the LinkMesh server ----\n");
    if (!report.rules(Plane.CONTROL).isEmpty()) {
      egress(sh, address.host(), address.port(), Text.label(address));
    }
    sh.append("\n# ---- Collector hosts: data plane outbound to the backends ----\n");
    if (report.rules(Plane.DATA).isEmpty()) {
      sh.append("# none: no config exports anywhere\n");
    }
    for (FirewallRule rule : report.rules(Plane.DATA)) {
      if (rule.determined()) {
        egress(sh, rule.host(), rule.port(), Text.label(rule));
      } else {
        sh.append("# UNDETERMINED, open by hand: ").append(Text.undetermined(rule)).append('\n');
      }
    }
  }

  private static void egress(StringBuilder sh, String host, int port, String label) {
    String comment = Text.comment(label, COMMENT);
    if (!Text.plainHost(host)) {
      sh.append("# SKIPPED, not a plain host name: ").append(Text.comment(host, 100)).append('\n');
      return;
    }
    String tool = Text.ipv6(host) ? "ip6tables" : "iptables";
    sh.append(tool)
        .append(" -A OUTPUT -p tcp -d ")
        .append(host)
        .append(" --dport ")
        .append(port)
        .append(" -m comment --comment '")
        .append(comment)
        .append("' -j ACCEPT\n");
  }
}
