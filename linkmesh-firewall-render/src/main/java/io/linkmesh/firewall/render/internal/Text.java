package io.linkmesh.firewall.render.internal;

import io.linkmesh.domain.connectivity.FirewallReport;
import io.linkmesh.domain.connectivity.FirewallRule;
import io.linkmesh.domain.connectivity.Plane;
import io.linkmesh.domain.connectivity.ServerAddress;
import io.linkmesh.firewall.render.HostRole;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Helpers shared by the renderers: safe text for comments, hosts a firewall can take. */
public final class Text {
  private static final Pattern HOST_NAME =
      Pattern.compile(
          "(?=.{1,253}$)[A-Za-z0-9_]([A-Za-z0-9_-]{0,62})(\\.[A-Za-z0-9_-]{1,63})*\\.?");
  private static final Pattern IPV4 =
      Pattern.compile(
          "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

  private Text() {}

  /** A host that is a plain DNS name or address, safe in shell and config files. */
  public static boolean plainHost(String host) {
    return HOST_NAME.matcher(host).matches() || ipv4(host) || ipv6(host);
  }

  public static boolean ipv4(String host) {
    return IPV4.matcher(host).matches();
  }

  public static boolean ipv6(String host) {
    return host.indexOf(':') >= 0 && IPV6.matcher(host).matches();
  }

  /**
   * Text safe inside a one-line comment or a quoted firewall comment: printable ASCII only, no
   * quotes or backslashes, at most {@code max} characters.
   */
  public static String comment(String text, int max) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\'' || c == '\\' || c == '`') {
        out.append(' ');
      } else if (c == '$') {
        out.append('S');
      } else if (c == '\u2192') {
        out.append('>');
      } else if (c >= 0x20 && c < 0x7f) {
        out.append(c);
      } else {
        out.append(c < 0x20 ? ' ' : '?');
      }
    }
    String clean = out.toString().strip();
    return clean.length() <= max ? clean : clean.substring(0, max - 3) + "...";
  }

  /** Text safe on one comment line ({@code #} to the end of the line): no control characters. */
  public static String line(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      out.append(Character.isISOControl(c) || c == '\u2028' || c == '\u2029' ? ' ' : c);
    }
    return out.toString();
  }

  /** An enum constant's name as {@code ?format=}, {@code ?role=} and the CLI write it. */
  public static String wireName(Enum<?> constant) {
    return constant.name().toLowerCase(Locale.ROOT);
  }

  /** The constant whose {@link #wireName} or alias is {@code name}, in any case. */
  public static <E extends Enum<E>> Optional<E> named(
      E[] constants, Map<String, E> aliases, String name) {
    String wanted = name.strip().toLowerCase(Locale.ROOT);
    for (E constant : constants) {
      if (wireName(constant).equals(wanted)) {
        return Optional.of(constant);
      }
    }
    return Optional.ofNullable(aliases.get(wanted));
  }

  /** The header lines every rendering starts with, without a comment marker. */
  public static List<String> header(FirewallReport report, String what) {
    List<String> lines = new ArrayList<>();
    lines.add("LinkMesh firewall rules (" + what + ")");
    lines.add("Generated from " + report.provenance() + ".");
    lines.add(FirewallReport.NOTHING_INBOUND);
    return lines;
  }

  /** The header lines as {@code #} comment lines, for the host-firewall exports. */
  public static String commentedHeader(FirewallReport report, String what) {
    StringBuilder out = new StringBuilder();
    for (String line : header(report, what)) {
      out.append("# ").append(line(line)).append('\n');
    }
    return out.toString();
  }

  /** Writes the sections of a host-firewall export that {@code role} asks for, server first. */
  public static void sections(HostRole role, Runnable server, Runnable collectors) {
    if (role.includesServer()) {
      server.run();
    }
    if (role.includesCollectors()) {
      collectors.run();
    }
  }

  /** A control-plane rule on one comment line: who, what for, and whether it is required. */
  public static String summary(FirewallRule rule) {
    return line(rule.from())
        + " -> "
        + line(rule.purpose())
        + " ["
        + rule.required().wireName()
        + "]";
  }

  /** What could not be determined about a rule, on one comment line. */
  public static String undetermined(FirewallRule rule) {
    return line(rule.reason())
        + ": "
        + line(rule.to())
        + " ("
        + line(String.valueOf(rule.undetermined()))
        + ")";
  }

  /** The label of the collectors' rule to the LinkMesh server. */
  public static String label(ServerAddress server) {
    return "control: LinkMesh server " + server.host() + ":" + server.port();
  }

  /** Collectors that need a rule, for tables: names, then how many more. */
  public static String neededBy(FirewallRule rule) {
    StringBuilder out = new StringBuilder(String.join("; ", rule.selectors()));
    if (rule.collectorCount() == 0) {
      return out.toString();
    }
    if (out.length() > 0) {
      out.append(" - ");
    }
    out.append(String.join(", ", rule.collectors()));
    int more = rule.collectorCount() - rule.collectors().size();
    if (more > 0) {
      out.append(" and ").append(more).append(" more");
    }
    return out.toString();
  }

  /** A short label for a rule's origin in firewall comments. */
  public static String label(FirewallRule rule) {
    if (rule.plane() == Plane.DATA) {
      String configs = String.join(",", rule.configs());
      return "data: "
          + rule.to()
          + ":"
          + rule.port()
          + " "
          + rule.protocol()
          + " ["
          + configs
          + "]";
    }
    if (rule.plane() == Plane.STORE) {
      return "store: " + rule.to() + ":" + rule.port() + " " + rule.protocol();
    }
    return "control: " + rule.from() + " - " + rule.purpose();
  }
}
