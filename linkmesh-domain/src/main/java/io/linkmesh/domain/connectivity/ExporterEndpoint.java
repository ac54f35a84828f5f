package io.linkmesh.domain.connectivity;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * One network endpoint a config exports to, as found in its text.
 *
 * @param component the exporter's id in the config ({@code otlphttp/grafana}, {@code
 *     otelcol.exporter.otlp.default})
 * @param raw the endpoint exactly as written
 * @param host the host, null when it could not be determined
 * @param port the port (explicit or the scheme's default), 0 when it could not be determined
 * @param tls whether the connection is encrypted, as far as the config says
 * @param undetermined why host or port could not be determined (an environment-variable reference,
 *     an expression), null when they were
 */
public record ExporterEndpoint(
    String component,
    EndpointProtocol protocol,
    String raw,
    @Nullable String host,
    int port,
    boolean tls,
    @Nullable String undetermined) {
  public ExporterEndpoint {
    requireNonNull(component, "component");
    requireNonNull(protocol, "protocol");
    requireNonNull(raw, "raw");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    if (undetermined == null && (host == null || port == 0)) {
      throw new IllegalArgumentException("a determined endpoint has a host and a port");
    }
  }
}
