package io.linkmesh.opamp;

import io.linkmesh.opamp.internal.Yaml;
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
 * {@code zipkin}, {@code elasticsearch}, {@code splunk_hec} and any other exporter with an {@code
 * endpoint}. Exporters that do not dial out ({@code debug}, {@code nop}, {@code file}, {@code
 * prometheus}…) yield nothing. Values using {@code ${…}} references are reported as undetermined
 * rather than guessed.
 *
 * <p>Safe for concurrent use; stateless.
 */
public final class OtelcolEndpointExtractor {

  private static final Set<String> LOCAL_ONLY =
      Set.of("debug", "logging", "nop", "file", "prometheus", "awsemf_local");

  /** Creates an extractor. */
  public OtelcolEndpointExtractor() {}

  /**
   * The destinations of every exporter defined in {@code yaml}, in config order; one exporter may
   * yield several (Kafka brokers, per-signal URLs). Text that does not parse yields nothing.
   */
  public List<ExporterEndpoint> extract(String yaml) {
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
        String endpoint = Yaml.scalar(Yaml.get(settings, "endpoint"));
        boolean insecure =
            "true".equals(Yaml.scalar(Yaml.get(Yaml.get(settings, "tls"), "insecure")));
        out.add(grpc(id, endpoint, !insecure, "OTLP/gRPC"));
      }
      case "otlphttp", "otlp_http" -> {
        String base = Yaml.scalar(Yaml.get(settings, "endpoint"));
        boolean any = false;
        for (String key :
            List.of("traces_endpoint", "metrics_endpoint", "logs_endpoint", "profiles_endpoint")) {
          String url = Yaml.scalar(Yaml.get(settings, key));
          if (url != null && !url.isEmpty()) {
            out.add(url(id, url, "OTLP/HTTP", key));
            any = true;
          }
        }
        if (base != null && !base.isEmpty()) {
          out.add(url(id, base, "OTLP/HTTP", "endpoint"));
        } else if (!any) {
          out.add(new ExporterEndpoint.Undetermined(id, "no 'endpoint' set"));
        }
      }
      case "kafka" -> {
        Node brokers = Yaml.get(settings, "brokers");
        List<Node> items = Yaml.items(brokers);
        String single = Yaml.scalar(brokers);
        if (items.isEmpty() && single == null) {
          // The kafka exporter's default broker list.
          out.add(hostPort(id, "localhost:9092", 9092, "Kafka", false));
        } else if (single != null) {
          out.add(hostPort(id, single, 9092, "Kafka", false));
        }
        boolean tls =
            Yaml.get(settings, "tls") != null
                || Yaml.get(Yaml.get(settings, "auth"), "tls") != null;
        for (Node item : items) {
          String broker = Yaml.scalar(item);
          out.add(
              broker == null
                  ? new ExporterEndpoint.Undetermined(id, "a broker is not a plain string")
                  : hostPort(id, broker, 9092, "Kafka", tls));
        }
      }
      case "elasticsearch" -> {
        String endpoint = Yaml.scalar(Yaml.get(settings, "endpoint"));
        List<Node> endpoints = Yaml.items(Yaml.get(settings, "endpoints"));
        if (endpoint != null) {
          out.add(url(id, endpoint, "HTTP", "endpoint"));
        }
        for (Node n : endpoints) {
          String u = Yaml.scalar(n);
          out.add(
              u == null
                  ? new ExporterEndpoint.Undetermined(id, "an endpoint is not a plain string")
                  : url(id, u, "HTTP", "endpoints"));
        }
        if (endpoint == null && endpoints.isEmpty()) {
          out.add(
              new ExporterEndpoint.Undetermined(
                  id, "no 'endpoint'/'endpoints' (cloud id or environment?)"));
        }
      }
      default -> {
        String endpoint = Yaml.scalar(Yaml.get(settings, "endpoint"));
        if (endpoint == null || endpoint.isEmpty()) {
          out.add(
              new ExporterEndpoint.Undetermined(
                  id, "exporter type '" + type + "' has no 'endpoint' this model knows"));
        } else if (endpoint.contains("://") || endpoint.contains("${")) {
          out.add(url(id, endpoint, "HTTP", "endpoint"));
        } else {
          out.add(hostPort(id, endpoint, -1, "TCP", false));
        }
      }
    }
    return List.copyOf(out);
  }

  private static ExporterEndpoint grpc(
      String id, @Nullable String endpoint, boolean tls, String protocol) {
    if (endpoint == null || endpoint.isEmpty()) {
      return new ExporterEndpoint.Undetermined(id, "no 'endpoint' set");
    }
    if (endpoint.contains("://")) {
      // gRPC exporters also accept a URL; the scheme decides TLS.
      ExporterEndpoint fromUrl = url(id, endpoint, protocol, "endpoint");
      return fromUrl;
    }
    return hostPort(id, endpoint, -1, protocol, tls);
  }

  private static ExporterEndpoint url(String id, String text, String protocol, String key) {
    String ref = reference(text);
    if (ref != null) {
      return new ExporterEndpoint.Undetermined(
          id, "'" + key + "' uses " + ref + ", resolved only on the collector host");
    }
    URI uri;
    try {
      uri = new URI(text.strip());
    } catch (URISyntaxException e) {
      return new ExporterEndpoint.Undetermined(id, "'" + key + "' is not a valid URL: " + text);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    String host = uri.getHost();
    if (host == null || host.isEmpty() || !(scheme.equals("http") || scheme.equals("https"))) {
      return new ExporterEndpoint.Undetermined(
          id, "'" + key + "' is not an http(s) URL with a host: " + text);
    }
    boolean tls = scheme.equals("https");
    int port = uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80;
    return new ExporterEndpoint.Determined(id, unbracket(host), port, protocol, tls);
  }

  private static ExporterEndpoint hostPort(
      String id, String text, int defaultPort, String protocol, boolean tls) {
    String ref = reference(text);
    if (ref != null) {
      return new ExporterEndpoint.Undetermined(
          id, "endpoint uses " + ref + ", resolved only on the collector host");
    }
    String s = text.strip();
    String host;
    String portText;
    if (s.startsWith("[")) {
      int close = s.indexOf(']');
      if (close < 0) {
        return new ExporterEndpoint.Undetermined(id, "malformed IPv6 endpoint: " + text);
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
        return new ExporterEndpoint.Undetermined(id, "endpoint '" + text + "' has no port");
      }
      port = defaultPort;
    } else {
      try {
        port = Integer.parseInt(portText);
      } catch (NumberFormatException e) {
        return new ExporterEndpoint.Undetermined(id, "endpoint '" + text + "' has a bad port");
      }
    }
    if (host.isEmpty() || port < 1 || port > 65535) {
      return new ExporterEndpoint.Undetermined(id, "endpoint '" + text + "' is not host:port");
    }
    return new ExporterEndpoint.Determined(id, host, port, protocol, tls);
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
