package io.linkmesh.config.otelcol;

import io.linkmesh.config.otelcol.internal.Yaml;
import io.linkmesh.domain.connectivity.EndpointProtocol;
import io.linkmesh.domain.connectivity.ExporterEndpoint;
import io.linkmesh.domain.fleet.CollectorRuntime;
import io.linkmesh.domain.port.out.EndpointExtractor;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Reads the network destinations of the exporters in an OpenTelemetry Collector YAML config, for
 * the firewall model: {@code otlp} (gRPC {@code host:port}), {@code otlphttp} (base URL and
 * per-signal URLs), {@code kafka} (each broker), {@code prometheusremotewrite}, {@code loki},
 * {@code elasticsearch} and any other exporter with an {@code endpoint}. Exporters that do not dial
 * out ({@code debug}, {@code nop}, {@code file}, {@code prometheus}…) yield nothing. Values using
 * {@code ${…}} references are reported as undetermined with the reason, never guessed.
 *
 * <p>Safe for concurrent use; stateless.
 */
public final class OtelcolEndpointExtractor implements EndpointExtractor {

  /** The kafka exporter's default broker list. */
  private static final String KAFKA_DEFAULT_BROKER = "localhost:9092";

  private static final Set<String> LOCAL_ONLY =
      Set.of("debug", "logging", "nop", "file", "prometheus");

  /** Creates an extractor. */
  public OtelcolEndpointExtractor() {}

  @Override
  public CollectorRuntime runtime() {
    return CollectorRuntime.OTELCOL;
  }

  /**
   * The destinations of every exporter defined in {@code yaml}, in config order; one exporter may
   * yield several (Kafka brokers, per-signal URLs). Text that does not parse yields nothing.
   */
  @Override
  public List<ExporterEndpoint> exporterEndpoints(String yaml) {
    List<ExporterEndpoint> out = new ArrayList<>();
    for (Yaml.Entry e : exporters(yaml)) {
      out.addAll(forExporter(e.key(), e.value()));
    }
    return List.copyOf(out);
  }

  /** The entries of the {@code exporters} section; none when the text does not parse. */
  private static List<Yaml.Entry> exporters(String yaml) {
    try {
      return Yaml.get(Yaml.compose(yaml), "exporters") instanceof MappingNode map
          ? Yaml.entries(map)
          : List.of();
    } catch (Yaml.ParseFailure e) {
      return List.of();
    }
  }

  private static List<ExporterEndpoint> forExporter(String id, Node settings) {
    int slash = id.indexOf('/');
    String type = (slash < 0 ? id : id.substring(0, slash)).toLowerCase(Locale.ROOT);
    if (LOCAL_ONLY.contains(type)) {
      return List.of();
    }
    Set<ExporterEndpoint> out = new LinkedHashSet<>();
    switch (type) {
      case "otlp", "otlp_grpc" -> {
        String endpoint = text(settings, "endpoint");
        boolean insecure =
            "true".equals(Yaml.scalar(Yaml.get(Yaml.get(settings, "tls"), "insecure")));
        if (endpoint == null || endpoint.isEmpty()) {
          out.add(
              ExporterEndpoint.undetermined(
                  id, EndpointProtocol.OTLP_GRPC, "", "no 'endpoint' set"));
        } else {
          out.add(
              resolved(id, EndpointProtocol.OTLP_GRPC, endpoint, "endpoint")
                  .orElseGet(() -> ExporterEndpoint.parseGrpcTarget(id, endpoint, !insecure)));
        }
      }
      case "otlphttp", "otlp_http" -> {
        boolean any = false;
        for (String key :
            List.of(
                "endpoint",
                "traces_endpoint",
                "metrics_endpoint",
                "logs_endpoint",
                "profiles_endpoint")) {
          String url = text(settings, key);
          if (url != null && !url.isEmpty()) {
            out.add(url(id, EndpointProtocol.OTLP_HTTP, url, key));
            any = true;
          }
        }
        if (!any) {
          out.add(
              ExporterEndpoint.undetermined(
                  id, EndpointProtocol.OTLP_HTTP, "", "no 'endpoint' set"));
        }
      }
      case "kafka" -> {
        Node brokers = Yaml.get(settings, "brokers");
        boolean tls =
            Yaml.get(settings, "tls") != null
                || Yaml.get(Yaml.get(settings, "auth"), "tls") != null;
        String single = Yaml.scalar(brokers);
        List<Node> items = Yaml.items(brokers);
        if (single != null && !Yaml.isNull(brokers)) {
          out.add(broker(id, single, tls));
        } else if (items.isEmpty()) {
          out.add(broker(id, KAFKA_DEFAULT_BROKER, tls));
        }
        for (Node item : items) {
          String broker = Yaml.scalar(item);
          out.add(
              broker == null
                  ? ExporterEndpoint.undetermined(
                      id, EndpointProtocol.KAFKA, "", "a broker is not a plain string")
                  : broker(id, broker, tls));
        }
      }
      case "prometheusremotewrite" ->
          out.add(urlOrMissing(id, EndpointProtocol.PROMETHEUS_REMOTE_WRITE, settings));
      case "loki" -> out.add(urlOrMissing(id, EndpointProtocol.LOKI, settings));
      case "elasticsearch" -> {
        String endpoint = text(settings, "endpoint");
        List<Node> endpoints = Yaml.items(Yaml.get(settings, "endpoints"));
        if (endpoint != null && !endpoint.isEmpty()) {
          out.add(url(id, EndpointProtocol.OTHER_HTTP, endpoint, "endpoint"));
        }
        for (Node n : endpoints) {
          String u = Yaml.scalar(n);
          out.add(
              u == null
                  ? ExporterEndpoint.undetermined(
                      id, EndpointProtocol.OTHER_HTTP, "", "an endpoint is not a plain string")
                  : url(id, EndpointProtocol.OTHER_HTTP, u, "endpoints"));
        }
        if ((endpoint == null || endpoint.isEmpty()) && endpoints.isEmpty()) {
          out.add(
              ExporterEndpoint.undetermined(
                  id,
                  EndpointProtocol.OTHER_HTTP,
                  "",
                  "no 'endpoint'/'endpoints' (cloud id or environment?)"));
        }
      }
      default -> {
        String endpoint = text(settings, "endpoint");
        if (endpoint == null || endpoint.isEmpty()) {
          out.add(
              ExporterEndpoint.undetermined(
                  id,
                  EndpointProtocol.OTHER_HTTP,
                  "",
                  "exporter type '" + type + "' has no 'endpoint' this model knows"));
        } else if (endpoint.contains("://")) {
          out.add(url(id, EndpointProtocol.OTHER_HTTP, endpoint, "endpoint"));
        } else {
          out.add(
              resolved(id, EndpointProtocol.OTHER_HTTP, endpoint, "endpoint")
                  .orElseGet(
                      () ->
                          ExporterEndpoint.parseHostPort(
                              id, EndpointProtocol.OTHER_HTTP, endpoint, false)));
        }
      }
    }
    return List.copyOf(out);
  }

  private static @Nullable String text(Node settings, String key) {
    return Yaml.scalar(Yaml.get(settings, key));
  }

  private static ExporterEndpoint urlOrMissing(
      String id, EndpointProtocol protocol, Node settings) {
    String endpoint = text(settings, "endpoint");
    return endpoint == null || endpoint.isEmpty()
        ? ExporterEndpoint.undetermined(id, protocol, "", "no 'endpoint' set")
        : url(id, protocol, endpoint, "endpoint");
  }

  private static ExporterEndpoint url(
      String id, EndpointProtocol protocol, String text, String key) {
    return resolved(id, protocol, text, key)
        .orElseGet(() -> ExporterEndpoint.parseUrl(id, protocol, text));
  }

  private static ExporterEndpoint broker(String id, String text, boolean tls) {
    return resolved(id, EndpointProtocol.KAFKA, text, "brokers")
        .orElseGet(() -> ExporterEndpoint.parseHostPort(id, EndpointProtocol.KAFKA, text, tls));
  }

  /**
   * The collector expands {@code ${…}} references when it loads its config, so such a value is
   * known only on its host: undetermined, with the reference named. Empty for a plain value.
   */
  private static Optional<ExporterEndpoint> resolved(
      String id, EndpointProtocol protocol, String text, String key) {
    String ref = reference(text);
    return ref == null
        ? Optional.empty()
        : Optional.of(
            ExporterEndpoint.undetermined(
                id,
                protocol,
                text,
                "'" + key + "' uses " + ref + ", resolved only on the collector host"));
  }

  /** The first {@code ${…}} reference in {@code text}, or null. */
  private static @Nullable String reference(String text) {
    int start = text.indexOf("${");
    if (start < 0) {
      return null;
    }
    int end = text.indexOf('}', start);
    return end < 0 ? text.substring(start) : text.substring(start, end + 1);
  }
}
