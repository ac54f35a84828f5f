package io.linkmesh.config.alloy;

import io.linkmesh.config.alloy.internal.AlloyEndpoints;
import io.linkmesh.config.alloy.internal.ExporterProtocol;
import io.linkmesh.config.alloy.syntax.AlloyDocument;
import io.linkmesh.config.alloy.syntax.AlloySyntax;
import io.linkmesh.config.alloy.syntax.AlloySyntaxException;
import io.linkmesh.config.alloy.syntax.Block;
import io.linkmesh.config.alloy.syntax.Expression;
import io.linkmesh.domain.connectivity.EndpointProtocol;
import io.linkmesh.domain.connectivity.ExporterEndpoint;
import io.linkmesh.domain.fleet.CollectorRuntime;
import io.linkmesh.domain.port.out.EndpointExtractor;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The domain's {@link EndpointExtractor} for {@link CollectorRuntime#ALLOY}, built on {@link
 * AlloyEndpoints}: each exporter's endpoint text is split into host, port (explicit or the default
 * of its scheme or protocol) and whether it is encrypted.
 *
 * <ul>
 *   <li>URLs ({@code otlphttp}, {@code prometheus.remote_write}, {@code loki.write}, {@code
 *       pyroscope.write}): TLS for {@code https}, default port 443 or 80.
 *   <li>{@code otelcol.exporter.otlp}: {@code host:port} (or {@code dns:///host:port}); TLS unless
 *       {@code client { tls { insecure = true } }}.
 *   <li>{@code otelcol.exporter.kafka}: {@code host:port} per broker, default port 9092; TLS when
 *       the component has a {@code tls} block (top level or under {@code authentication}).
 * </ul>
 *
 * Text that does not parse yields no endpoints (the validator refuses it anyway).
 */
public final class AlloyEndpointExtractor implements EndpointExtractor {

  private static final int KAFKA_DEFAULT_PORT = 9092;

  public static AlloyEndpointExtractor create() {
    return new AlloyEndpointExtractor();
  }

  private AlloyEndpointExtractor() {}

  @Override
  public CollectorRuntime runtime() {
    return CollectorRuntime.ALLOY;
  }

  @Override
  public List<ExporterEndpoint> exporterEndpoints(String content) {
    AlloyDocument document;
    try {
      document = AlloySyntax.parse(content);
    } catch (AlloySyntaxException e) {
      return List.of();
    }
    List<ExporterEndpoint> out = new ArrayList<>();
    for (io.linkmesh.config.alloy.internal.FoundEndpoint found : AlloyEndpoints.extract(document)) {
      EndpointProtocol protocol = protocol(found.protocol());
      if (found
          instanceof io.linkmesh.config.alloy.internal.FoundEndpoint.Undetermined undetermined) {
        out.add(
            undetermined(
                found.componentId(), protocol, undetermined.source(), undetermined.reason()));
        continue;
      }
      String raw = ((io.linkmesh.config.alloy.internal.FoundEndpoint.Literal) found).endpoint();
      Block component = component(document, found.componentId());
      out.add(endpoint(found.componentId(), found.protocol(), protocol, raw, component));
    }
    return List.copyOf(out);
  }

  private static ExporterEndpoint endpoint(
      String id,
      ExporterProtocol alloyProtocol,
      EndpointProtocol protocol,
      String raw,
      @Nullable Block component) {
    String text = raw.strip();
    switch (alloyProtocol) {
      case OTLP_GRPC:
        {
          String hostPort = text.regionMatches(true, 0, "dns:///", 0, 7) ? text.substring(7) : text;
          boolean insecure = component != null && grpcInsecure(component);
          if (hostPort.contains("://")) {
            return url(id, protocol, raw, hostPort, !insecure);
          }
          return hostPort(id, protocol, raw, hostPort, 0, !insecure);
        }
      case KAFKA:
        return hostPort(
            id, protocol, raw, text, KAFKA_DEFAULT_PORT, component != null && kafkaTls(component));
      default:
        return url(id, protocol, raw, text, false);
    }
  }

  private static ExporterEndpoint url(
      String id, EndpointProtocol protocol, String raw, String text, boolean tlsWithoutScheme) {
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      return undetermined(id, protocol, raw, "not a valid URL: " + e.getReason());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    boolean tls;
    if (scheme.equals("https")) {
      tls = true;
    } else if (scheme.equals("http")) {
      tls = false;
    } else if (scheme.isEmpty()) {
      tls = tlsWithoutScheme;
    } else {
      return undetermined(id, protocol, raw, "unsupported URL scheme '" + scheme + "'");
    }
    String host = uri.getHost();
    if (host == null || host.isEmpty()) {
      return undetermined(id, protocol, raw, "URL has no host");
    }
    int port = uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80;
    return new ExporterEndpoint(id, protocol, raw, unbracket(host), port, tls, null);
  }

  private static ExporterEndpoint hostPort(
      String id, EndpointProtocol protocol, String raw, String text, int defaultPort, boolean tls) {
    String host;
    String portText;
    if (text.startsWith("[")) {
      int close = text.indexOf(']');
      if (close < 0) {
        return undetermined(id, protocol, raw, "unbalanced '[' in host");
      }
      host = text.substring(1, close);
      String rest = text.substring(close + 1);
      portText = rest.startsWith(":") ? rest.substring(1) : rest.isEmpty() ? null : rest;
    } else {
      int colon = text.lastIndexOf(':');
      host = colon < 0 ? text : text.substring(0, colon);
      portText = colon < 0 ? null : text.substring(colon + 1);
    }
    if (host.isEmpty() || host.contains("/") || host.contains(":") && !text.startsWith("[")) {
      return undetermined(id, protocol, raw, "not a host:port endpoint");
    }
    int port;
    if (portText == null) {
      if (defaultPort == 0) {
        return undetermined(id, protocol, raw, "endpoint has no port");
      }
      port = defaultPort;
    } else {
      try {
        port = Integer.parseInt(portText);
      } catch (NumberFormatException e) {
        return undetermined(id, protocol, raw, "port is not a number: '" + portText + "'");
      }
      if (port < 1 || port > 65535) {
        return undetermined(id, protocol, raw, "port out of range: " + port);
      }
    }
    return new ExporterEndpoint(id, protocol, raw, host, port, tls, null);
  }

  private static ExporterEndpoint undetermined(
      String id, EndpointProtocol protocol, String raw, String reason) {
    return new ExporterEndpoint(id, protocol, raw, null, 0, false, reason);
  }

  private static String unbracket(String host) {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  private static boolean grpcInsecure(Block component) {
    for (Block client : component.blocks("client")) {
      for (Block tls : client.blocks("tls")) {
        if (isTrue(tls.attribute("insecure").map(a -> a.value()))) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean kafkaTls(Block component) {
    if (!component.blocks("tls").isEmpty()) {
      return true;
    }
    for (Block authentication : component.blocks("authentication")) {
      if (!authentication.blocks("tls").isEmpty()) {
        return true;
      }
    }
    return false;
  }

  private static boolean isTrue(Optional<Expression> value) {
    return value.isPresent() && value.get() instanceof Expression.BoolLiteral bool && bool.value();
  }

  /** The top-level (or declare-scoped) block with this component id. */
  private static @Nullable Block component(AlloyDocument document, String componentId) {
    String declare = null;
    String id = componentId;
    int slash = componentId.indexOf('/');
    if (componentId.startsWith("declare.") && slash > 0) {
      declare = componentId.substring("declare.".length(), slash);
      id = componentId.substring(slash + 1);
    }
    for (Block block : document.blocks()) {
      if (declare == null && block.componentId().equals(id)) {
        return block;
      }
      if (declare != null && block.name().equals("declare") && declare.equals(block.label())) {
        for (Block inner :
            block.body().stream().filter(Block.class::isInstance).map(Block.class::cast).toList()) {
          if (inner.componentId().equals(id)) {
            return inner;
          }
        }
      }
    }
    return null;
  }

  private static EndpointProtocol protocol(ExporterProtocol protocol) {
    switch (protocol) {
      case OTLP_GRPC:
        return EndpointProtocol.OTLP_GRPC;
      case OTLP_HTTP:
        return EndpointProtocol.OTLP_HTTP;
      case KAFKA:
        return EndpointProtocol.KAFKA;
      case PROMETHEUS_REMOTE_WRITE:
        return EndpointProtocol.PROMETHEUS_REMOTE_WRITE;
      case LOKI_PUSH:
        return EndpointProtocol.LOKI;
      default:
        return EndpointProtocol.OTHER_HTTP;
    }
  }
}
