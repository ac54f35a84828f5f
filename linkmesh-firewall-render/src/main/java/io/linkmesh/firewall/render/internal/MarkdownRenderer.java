package io.linkmesh.firewall.render.internal;

import io.linkmesh.domain.connectivity.FirewallReport;
import io.linkmesh.domain.connectivity.FirewallRule;
import io.linkmesh.domain.connectivity.GitRemote;
import io.linkmesh.domain.connectivity.Plane;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * A firewall page: an "at a glance" summary, then the control plane and the data plane kept apart,
 * a table each, then the store and whatever could not be determined.
 */
public final class MarkdownRenderer {
  private MarkdownRenderer() {}

  public static String render(FirewallReport report) {
    StringBuilder md = new StringBuilder();
    md.append("<!-- ");
    for (String line : Text.header(report, "Markdown")) {
      md.append(line.replace("--", "-")).append(' ');
    }
    md.append("-->\n\n");
    md.append("# Firewall rules for LinkMesh\n\n");
    md.append("Generated from deployment `")
        .append(report.deployment().describe())
        .append("` at ")
        .append(
            report.revision() == null
                ? "no revision yet (no config saved)"
                : "revision `" + report.revision().value() + "`")
        .append(", for ")
        .append(cell(report.scope()))
        .append(".\n\n");

    glance(md, report);
    control(md, report);
    data(md, report);
    store(md, report);
    return md.toString();
  }

  private static void glance(StringBuilder md, FirewallReport report) {
    List<FirewallRule> control = report.rules(Plane.CONTROL);
    List<FirewallRule> data = report.rules(Plane.DATA);
    List<FirewallRule> store = report.rules(Plane.STORE);
    md.append("## At a glance\n\n");
    if (control.isEmpty()) {
      md.append("- **Inbound to the LinkMesh server:** nothing for this scope.\n");
    } else {
      Set<String> ports = new LinkedHashSet<>();
      for (FirewallRule rule : control) {
        ports.add("TCP " + rule.port());
      }
      Set<String> uses = new LinkedHashSet<>();
      for (FirewallRule rule : control) {
        uses.add(rule.from());
      }
      md.append("- **Inbound to the LinkMesh server** (`")
          .append(report.deployment().server().host())
          .append("`): ")
          .append(String.join(", ", ports))
          .append(" only (")
          .append(report.deployment().server().tls() ? "HTTPS" : "HTTP")
          .append("). ")
          .append(control.size() == 1 ? "It serves " : "One port serves all of: ")
          .append(String.join("; ", uses))
          .append(".");
      if (report.deployment().server().port() != report.deployment().listenPort()) {
        md.append(" The server itself listens on port ")
            .append(report.deployment().listenPort())
            .append(" behind the external URL.");
      }
      md.append('\n');
    }
    md.append("- **Inbound to collectors and agents:** nothing, ever. They always dial out.\n");
    int determined = data.size() - report.undetermined().size();
    Set<String> hosts = new LinkedHashSet<>();
    for (FirewallRule rule : data) {
      if (rule.determined()) {
        hosts.add(rule.host() + ":" + rule.port());
      }
    }
    md.append("- **Outbound from collectors** (data plane, as configured): ");
    if (data.isEmpty()) {
      md.append("none yet: no config exports anywhere.\n");
    } else {
      md.append(determined)
          .append(determined == 1 ? " rule" : " rules")
          .append(" to ")
          .append(hosts.size())
          .append(hosts.size() == 1 ? " backend address" : " backend addresses")
          .append(", straight to the backends; telemetry never passes through LinkMesh.\n");
    }
    md.append("- **Outbound from the server:** ");
    GitRemote git = report.deployment().git();
    if (!store.isEmpty()) {
      FirewallRule rule = store.get(0);
      md.append("`")
          .append(rule.host())
          .append(":")
          .append(rule.port())
          .append("`, ")
          .append(rule.protocol())
          .append(", for the Git store; nothing else.\n");
    } else if (git != null) {
      md.append("none: the Git store is a local repository.\n");
    } else {
      md.append("none: the built-in store needs no connection.\n");
    }
    if (!report.undetermined().isEmpty()) {
      md.append("- **Could not be determined:** ")
          .append(report.undetermined().size())
          .append(report.undetermined().size() == 1 ? " endpoint" : " endpoints")
          .append(", listed below; open them by hand once you know where they point.\n");
    }
    md.append('\n');
  }

  private static void control(StringBuilder md, FirewallReport report) {
    md.append("## Control plane: inbound to the LinkMesh server\n\n");
    List<FirewallRule> rules = report.rules(Plane.CONTROL);
    if (rules.isEmpty()) {
      md.append("No control-plane rule for this scope.\n\n");
    } else {
      table(md, columns(false), rules, rule -> cells(rule, false));
      md.append('\n');
    }
    md.append("**").append(FirewallReport.NOTHING_INBOUND).append("**\n\n");
  }

  private static void data(StringBuilder md, FirewallReport report) {
    md.append("## Data plane: outbound from the collectors' network\n\n");
    md.append(
        "Collectors export straight to their backends; LinkMesh is not in the path. These rules"
            + " follow the configs: they change when the configs do.\n\n");
    List<FirewallRule> determined = report.rules(Plane.DATA);
    determined.removeIf(rule -> !rule.determined());
    if (determined.isEmpty()) {
      md.append("No exporter endpoint in the current configs.\n\n");
    } else {
      table(md, columns(true), determined, rule -> cells(rule, true));
      md.append('\n');
    }
    List<FirewallRule> unknown = report.undetermined();
    if (!unknown.isEmpty()) {
      md.append("### Could not be determined\n\n");
      md.append(
          "LinkMesh does not guess these: find out what they resolve to on the collector hosts and"
              + " open that host and port outbound.\n\n");
      table(
          md,
          List.of("From", "Endpoint as written", "Protocol", "Needed by", "Why", "What is missing"),
          unknown,
          rule ->
              List.of(
                  rule.from(),
                  rule.to().equals("?") ? "?" : "`" + rule.to() + "`",
                  rule.protocol(),
                  Text.neededBy(rule),
                  rule.reason(),
                  String.valueOf(rule.undetermined())));
      md.append('\n');
    }
  }

  private static void store(StringBuilder md, FirewallReport report) {
    md.append("## Store: outbound from the LinkMesh server\n\n");
    List<FirewallRule> rules = report.rules(Plane.STORE);
    if (rules.isEmpty()) {
      md.append(
          report.deployment().git() != null
              ? "None: the Git store is a local repository on the server.\n"
              : "None: the built-in store keeps the state on the server's disk and needs no"
                  + " connection.\n");
      return;
    }
    table(md, columns(false), rules, rule -> cells(rule, false));
  }

  /** The columns of a table of rules, with "Needed by" for the data plane. */
  private static List<String> columns(boolean neededBy) {
    List<String> columns =
        new ArrayList<>(List.of("From", "To", "Port", "Protocol", "Purpose", "Required"));
    if (neededBy) {
      columns.add("Needed by");
    }
    columns.add("Why");
    return columns;
  }

  private static List<String> cells(FirewallRule rule, boolean neededBy) {
    List<String> cells =
        new ArrayList<>(
            List.of(
                rule.from(),
                rule.to(),
                String.valueOf(rule.port()),
                rule.protocol(),
                rule.purpose(),
                rule.required().wireName()));
    if (neededBy) {
      cells.add(Text.neededBy(rule));
    }
    cells.add(rule.reason());
    return cells;
  }

  private static void table(
      StringBuilder md,
      List<String> columns,
      List<FirewallRule> rules,
      Function<FirewallRule, List<String>> cells) {
    row(md, columns);
    md.append('|').append("---|".repeat(columns.size())).append('\n');
    for (FirewallRule rule : rules) {
      row(md, cells.apply(rule));
    }
  }

  private static void row(StringBuilder md, List<String> cells) {
    md.append('|');
    for (String cell : cells) {
      md.append(' ').append(cell(cell)).append(" |");
    }
    md.append('\n');
  }

  private static String cell(String text) {
    return text.replace("\\", "\\\\")
        .replace("|", "\\|")
        .replace("\r", " ")
        .replace("\n", " ")
        .replace("<", "&lt;");
  }
}
