package io.linkmesh.firewall.render.internal;

import io.linkmesh.domain.connectivity.FirewallReport;
import io.linkmesh.domain.connectivity.FirewallRule;

/**
 * One row per rule, RFC 4180 quoting, CRLF line ends; the first lines are {@code #} comments naming
 * the deployment and revision.
 */
public final class CsvRenderer {
  static final String COLUMNS =
      "plane,direction,from,to,host,port,protocol,purpose,required,reason,configs,selectors,"
          + "collectors,collector_count,undetermined";

  private CsvRenderer() {}

  public static String render(FirewallReport report) {
    StringBuilder csv = new StringBuilder();
    for (String line : Text.header(report, "CSV")) {
      csv.append("# ").append(Text.comment(line, 1000)).append("\r\n");
    }
    csv.append(COLUMNS).append("\r\n");
    for (FirewallRule rule : report.rules()) {
      line(
          csv,
          rule.plane().wireName(),
          rule.direction().wireName(),
          rule.from(),
          rule.to(),
          rule.host() == null ? "" : rule.host(),
          rule.port() == 0 ? "" : String.valueOf(rule.port()),
          rule.protocol(),
          rule.purpose(),
          rule.required().wireName(),
          rule.reason(),
          String.join(" ", rule.configs()),
          String.join("; ", rule.selectors()),
          String.join("; ", rule.collectors()),
          String.valueOf(rule.collectorCount()),
          rule.undetermined() == null ? "" : rule.undetermined());
    }
    return csv.toString();
  }

  private static void line(StringBuilder csv, String... fields) {
    for (int i = 0; i < fields.length; i++) {
      if (i > 0) {
        csv.append(',');
      }
      csv.append(field(fields[i]));
    }
    csv.append("\r\n");
  }

  static String field(String value) {
    // A leading = + - @ would make a spreadsheet evaluate the cell: prefix it with a quote.
    String safe = !value.isEmpty() && "=+-@".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
    if (safe.indexOf(',') >= 0
        || safe.indexOf('"') >= 0
        || safe.indexOf('\n') >= 0
        || safe.indexOf('\r') >= 0) {
      return '"' + safe.replace("\"", "\"\"") + '"';
    }
    return safe;
  }
}
