package io.linkmesh.app.cli;

import io.linkmesh.app.AdminToken;
import io.linkmesh.app.LinkMeshServer;
import io.linkmesh.app.ServerSettings;
import io.linkmesh.app.TlsMaterial;
import java.io.PrintWriter;

/** What {@code serve} prints once it is ready: where everything is. */
final class Banner {
  private Banner() {}

  static void print(PrintWriter out, LinkMeshServer server, AdminToken admin) {
    ServerSettings s = server.settings();
    out.println(
        "LinkMesh "
            + VersionCommand.version()
            + " is ready on "
            + s.listenHost()
            + ":"
            + server.port()
            + " (store: "
            + s.store().name().toLowerCase(java.util.Locale.ROOT)
            + ", replica "
            + s.replica()
            + ")");
    row(out, "Web UI", s.externalUrl("/"));
    row(out, "REST API", s.externalUrl("/api/v1/"));
    row(
        out,
        "OpAMP (otelcol)",
        s.externalWebSocketUrl("/v1/opamp")
            + "  (or "
            + s.externalUrl("/v1/opamp")
            + " for HTTP polling)");
    row(out, "Alloy remotecfg url", s.externalUrl(""));
    row(out, "OTLP own metrics", s.externalUrl("/v1/metrics"));
    row(out, "Health", s.externalUrl("/healthz") + "  " + s.externalUrl("/readyz"));
    if (admin.file() != null) {
      row(out, "Admin token", admin.file() + (admin.created() ? "  (created now, mode 0600)" : ""));
    } else {
      row(out, "Admin token", "from " + AdminToken.ENV);
    }
    TlsMaterial tls = server.tls();
    if (tls == null) {
      row(out, "TLS", "off (--plaintext): terminate TLS in front of this server");
    } else {
      row(
          out,
          "TLS certificate",
          tls.certificateFile()
              + (tls.generated() || s.tlsCert() == null
                  ? "  (self-signed; give it to clients as their CA file)"
                  : ""));
    }
    out.flush();
  }

  private static void row(PrintWriter out, String label, String value) {
    out.printf("  %-20s %s%n", label, value);
  }
}
