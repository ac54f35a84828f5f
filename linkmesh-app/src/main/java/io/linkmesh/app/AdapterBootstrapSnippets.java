package io.linkmesh.app;

import io.linkmesh.alloy.AlloyBootstrap;
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
    return switch (runtime) {
      case OTELCOL -> {
        String yaml =
            SupervisorBootstrap.builder().externalUrl(externalUrl).build().render(enrollmentToken);
        yield selfSigned
            ? "# This server uses a self-signed certificate: copy <data-dir>/tls/server.crt to the\n"
                + "# collector host and set server.tls.ca_file to it.\n"
                + yaml
            : yaml;
      }
      case ALLOY -> {
        String block =
            AlloyBootstrap.builder()
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
}
