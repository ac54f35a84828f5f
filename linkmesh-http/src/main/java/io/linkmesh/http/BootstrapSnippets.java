package io.linkmesh.http;

import io.linkmesh.domain.fleet.CollectorRuntime;
import java.net.URI;

/**
 * Renders the text an operator pastes onto a host to connect a collector: for otelcol the
 * opampsupervisor configuration, for Alloy the {@code remotecfg} block. The app implements it with
 * the protocol adapters' renderers; {@link RestApi} serves it at {@code GET
 * /api/v1/bootstrap/{runtime}?token=...}.
 */
@FunctionalInterface
public interface BootstrapSnippets {
  /**
   * @param runtime which collector runtime the snippet is for
   * @param enrollmentToken the full enrollment token the collector will present
   * @param externalUrl how collectors reach the server (scheme, host, port; no path)
   * @return the snippet, as text
   */
  String render(CollectorRuntime runtime, String enrollmentToken, URI externalUrl);
}
