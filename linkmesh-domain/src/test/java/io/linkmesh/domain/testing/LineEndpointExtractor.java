package io.linkmesh.domain.testing;

import static java.util.Objects.requireNonNull;

import io.linkmesh.domain.connectivity.EndpointProtocol;
import io.linkmesh.domain.connectivity.ExporterEndpoint;
import io.linkmesh.domain.fleet.CollectorRuntime;
import io.linkmesh.domain.port.out.EndpointExtractor;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An {@link EndpointExtractor} for a trivial test format, standing in for the real OTel YAML and
 * Alloy parsers. Each line {@code <component> <PROTOCOL> <endpoint>} is one exporter; lines that
 * are blank or start with {@code #}, and any other text, are ignored. The endpoint is a URL ({@code
 * https://host[:port]/path}: the scheme's default port when none is given, TLS for https) or a
 * comma-separated list of {@code host:port} (Kafka brokers: one endpoint each). An endpoint with
 * {@code ${} is undetermined.
 *
 * <pre>
 * kafka/out KAFKA kafka-1:9092,kafka-2:9093
 * otlphttp/grafana OTLP_HTTP https://otlp.example.com
 * prometheusremotewrite PROMETHEUS_REMOTE_WRITE https://prom.example.com:9090/api/v1/write
 * otlp/env OTLP_GRPC ${env:OTLP_ENDPOINT}
 * </pre>
 */
public final class LineEndpointExtractor implements EndpointExtractor {
  private final CollectorRuntime runtime;

  public LineEndpointExtractor(CollectorRuntime runtime) {
    this.runtime = requireNonNull(runtime, "runtime");
  }

  @Override
  public CollectorRuntime runtime() {
    return runtime;
  }

  @Override
  public List<ExporterEndpoint> exporterEndpoints(String content) {
    List<ExporterEndpoint> found = new ArrayList<>();
    for (String line : content.split("\n", -1)) {
      String[] parts = line.strip().split("\\s+");
      if (parts.length != 3 || parts[0].startsWith("#")) {
        continue;
      }
      EndpointProtocol protocol;
      try {
        protocol = EndpointProtocol.valueOf(parts[1].toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        continue;
      }
      String component = parts[0];
      String endpoint = parts[2];
      if (endpoint.contains("${")) {
        found.add(
            new ExporterEndpoint(
                component,
                protocol,
                endpoint,
                null,
                0,
                false,
                "environment-variable reference " + endpoint + ", resolved on the collector host"));
      } else if (endpoint.contains("://")) {
        URI uri = URI.create(endpoint);
        boolean tls = "https".equals(uri.getScheme());
        int port = uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80;
        found.add(
            new ExporterEndpoint(component, protocol, endpoint, uri.getHost(), port, tls, null));
      } else {
        for (String hostPort : endpoint.split(",")) {
          int colon = hostPort.lastIndexOf(':');
          found.add(
              new ExporterEndpoint(
                  component,
                  protocol,
                  hostPort,
                  hostPort.substring(0, colon),
                  Integer.parseInt(hostPort.substring(colon + 1)),
                  false,
                  null));
        }
      }
    }
    return found;
  }
}
