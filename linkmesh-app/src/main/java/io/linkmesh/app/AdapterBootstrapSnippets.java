package io.linkmesh.app;

import io.linkmesh.config.alloy.AlloyBootstrap;
import io.linkmesh.domain.fleet.CollectorRuntime;
import io.linkmesh.http.BootstrapSnippets;
import io.linkmesh.opamp.SupervisorBootstrap;
import java.net.URI;

/** The onboarding snippets, rendered by the adapter that speaks each runtime's protocol. */
final class AdapterBootstrapSnippets implements BootstrapSnippets {
  private final boolean selfSigned;

  /**
   * @param selfSigned whether the server's certificate is the generated self-signed one, so the
   *     snippets must say how to trust it
   */
  AdapterBootstrapSnippets(boolean selfSigned) {
    this.selfSigned = selfSigned;
  }

  @Override
  public String render(CollectorRuntime runtime, String enrollmentToken, URI externalUrl) {
    String perHost = perHost(runtime, externalUrl);
    return switch (runtime) {
      case OTELCOL -> {
        String yaml =
            perHost
                + SupervisorBootstrap.builder()
                    .externalUrl(externalUrl)
                    .build()
                    .render(enrollmentToken);
        yield selfSigned
            ? "# This server uses a self-signed certificate: copy <data-dir>/tls/server.crt to the\n"
                + "# collector host and set server.tls.ca_file to it.\n"
                + yaml
            : yaml;
      }
      case ALLOY -> {
        String block =
            perHost
                + AlloyBootstrap.builder()
                    .serverUrl(externalUrl.toString())
                    .token(enrollmentToken)
                    .build()
                    .render();
        yield selfSigned
            ? "// This server uses a self-signed certificate: copy <data-dir>/tls/server.crt to the\n"
                + "// collector host and add tls_config { ca_file = \"...\" } to the remotecfg block.\n"
                + block
            : block;
      }
    };
  }

  /**
   * How to give each host a token of its own: a multi-use token is a secret every collector it
   * enrolled shares, and for Alloy it stays the collector's only secret.
   */
  static String perHost(CollectorRuntime runtime, URI externalUrl) {
    String c = runtime == CollectorRuntime.ALLOY ? "// " : "# ";
    String base = externalUrl.toString().replaceAll("/+$", "");
    String file = runtime == CollectorRuntime.ALLOY ? "remotecfg.alloy" : "supervisor.yaml";
    return c
        + "One token per host: a single-use token is bound to the one collector that uses it; a\n"
        + c
        + "multi-use token is a secret shared by every collector it enrolls. To mint one on this\n"
        + c
        + "host and fetch this file with it (API_TOKEN: an operator API token):\n"
        + c
        + "  T=$(curl -sS -H \"Authorization: Bearer $API_TOKEN\" -H 'Content-Type: application/json' \\\n"
        + c
        + "    -d '{\"maxUses\": 1}' "
        + base
        + "/api/v1/enrollment-tokens | sed -E 's/.*\"token\":\"([^\"]+)\".*/\\1/')\n"
        + c
        + "  curl -sS -H \"Authorization: Bearer $API_TOKEN\" \""
        + base
        + "/api/v1/bootstrap/"
        + runtime.wireName()
        + "?token=$T\" > "
        + file
        + "\n";
  }
}
