package io.linkmesh.config.otelcol;

import io.linkmesh.config.otelcol.internal.Yaml;
import io.linkmesh.domain.connectivity.EndpointProtocol;
import io.linkmesh.domain.connectivity.ExporterEndpoint;
import io.linkmesh.domain.fleet.CollectorRuntime;
import io.linkmesh.domain.port.out.EndpointExtractor;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
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
    Node root;
    try {
      root = Yaml.compose(yaml);
    } catch (Yaml.ParseFailure e) {
      return List.of();
    }
    Node exporters = Yaml.get(root, "exporters");
    if (!(exporters instanceof MappingNode map)) {
      return List.of();
    }
    List<ExporterEndpoint> out = new ArrayList<>();
    for (Yaml.Entry e : Yaml.entries(map)) {
      out.addAll(forExporter(e.key(), e.value()));
    }
    return List.copyOf(out);
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
          out.add(undetermined(id, EndpointProtocol.OTLP_GRPC, "", "no 'endpoint' set"));
        } else if (endpoint.contains("://")) {
          // The gRPC exporter also takes a URL; then the scheme decides TLS.
          out.add(url(id, EndpointProtocol.OTLP_GRPC, endpoint, "endpoint"));
        } else {
          out.add(hostPort(id, EndpointProtocol.OTLP_GRPC, endpoint, -1, !insecure));
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
          out.add(undetermined(id, EndpointProtocol.OTLP_HTTP, "", "no 'endpoint' set"));
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
          out.add(hostPort(id, EndpointProtocol.KAFKA, single, 9092, tls));
        } else if (items.isEmpty()) {
          // The kafka exporter's default broker list.
          out.add(hostPort(id, EndpointProtocol.KAFKA, "localhost:9092", 9092, tls));
        }
        for (Node item : items) {
          String broker = Yaml.scalar(item);
          out.add(
              broker == null
                  ? undetermined(id, EndpointProtocol.KAFKA, "", "a broker is not a plain string")
                  : hostPort(id, EndpointProtocol.KAFKA, broker, 9092, tls));
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
                  ? undetermined(
                      id, EndpointProtocol.OTHER_HTTP, "", "an endpoint is not a plain string")
                  : url(id, EndpointProtocol.OTHER_HTTP, u, "endpoints"));
        }
        if ((endpoint == null || endpoint.isEmpty()) && endpoints.isEmpty()) {
          out.add(
              undetermined(
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
              undetermined(
                  id,
                  EndpointProtocol.OTHER_HTTP,
                  "",
                  "exporter type '" + type + "' has no 'endpoint' this model knows"));
        } else if (endpoint.contains("://") || endpoint.contains("${")) {
          out.add(url(id, EndpointProtocol.OTHER_HTTP, endpoint, "endpoint"));
        } else {
          out.add(hostPort(id, EndpointProtocol.OTHER_HTTP, endpoint, -1, false));
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
        ? undetermined(id, protocol, "", "no 'endpoint' set")
        : url(id, protocol, endpoint, "endpoint");
  }

  private static ExporterEndpoint undetermined(
      String id, EndpointProtocol protocol, String raw, String reason) {
    return new ExporterEndpoint(id, protocol, raw, null, 0, false, reason);
  }

  private static ExporterEndpoint url(
      String id, EndpointProtocol protocol, String text, String key) {
    String ref = reference(text);
    if (ref != null) {
      return undetermined(
          id,
          protocol,
          text,
          "'" + key + "' uses " + ref + ", resolved only on the collector host");
    }
    URI uri;
    try {
      uri = new URI(text.strip());
    } catch (URISyntaxException e) {
      return undetermined(id, protocol, text, "'" + key + "' is not a valid URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    String host = uri.getHost();
    if (host == null || host.isEmpty() || !(scheme.equals("http") || scheme.equals("https"))) {
      return undetermined(id, protocol, text, "'" + key + "' is not an http(s) URL with a host");
    }
    boolean tls = scheme.equals("https");
    int port = uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80;
    return new ExporterEndpoint(id, protocol, text, unbracket(host), port, tls, null);
  }

  private static ExporterEndpoint hostPort(
      String id, EndpointProtocol protocol, String text, int defaultPort, boolean tls) {
    String ref = reference(text);
    if (ref != null) {
      return undetermined(
          id, protocol, text, "endpoint uses " + ref + ", resolved only on the collector host");
    }
    String s = text.strip();
    String host;
    String portText;
    if (s.startsWith("[")) {
      int close = s.indexOf(']');
      if (close < 0) {
        return undetermined(id, protocol, text, "malformed IPv6 endpoint");
      }
      host = s.substring(1, close);
      portText = s.length() > close + 1 && s.charAt(close + 1) == ':' ? s.substring(close + 2) : "";
    } else {
      int colon = s.lastIndexOf(':');
      host = colon < 0 ? s : s.substring(0, colon);
      portText = colon < 0 ? "" : s.substring(colon + 1);
    }
    int port;
    if (portText.isEmpty()) {
      if (defaultPort < 0) {
        return undetermined(id, protocol, text, "endpoint has no port");
      }
      port = defaultPort;
    } else {
      try {
        port = Integer.parseInt(portText);
      } catch (NumberFormatException e) {
        return undetermined(id, protocol, text, "endpoint has a bad port");
      }
    }
    if (host.isEmpty() || port < 1 || port > 65535) {
      return undetermined(id, protocol, text, "endpoint is not host:port");
    }
    return new ExporterEndpoint(id, protocol, text, host, port, tls, null);
  }

  private static String unbracket(String host) {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
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
