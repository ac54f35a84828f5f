package io.linkmesh.config.alloy;

import io.linkmesh.config.alloy.internal.AlloyEndpoints;
import io.linkmesh.config.alloy.internal.ExporterProtocol;
import io.linkmesh.config.alloy.internal.FoundEndpoint;
import io.linkmesh.config.alloy.syntax.AlloyDocument;
import io.linkmesh.config.alloy.syntax.AlloySyntax;
import io.linkmesh.config.alloy.syntax.AlloySyntaxException;
import io.linkmesh.config.alloy.syntax.Block;
import io.linkmesh.config.alloy.syntax.Expression;
import io.linkmesh.domain.connectivity.EndpointProtocol;
import io.linkmesh.domain.connectivity.ExporterEndpoint;
import io.linkmesh.domain.fleet.CollectorRuntime;
import io.linkmesh.domain.port.out.EndpointExtractor;
import java.util.ArrayList;
import java.util.List;
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
    for (FoundEndpoint found : AlloyEndpoints.extract(document)) {
      EndpointProtocol protocol = protocol(found.protocol());
      if (found instanceof FoundEndpoint.Undetermined undetermined) {
        out.add(
            ExporterEndpoint.undetermined(
                found.componentId(), protocol, undetermined.source(), undetermined.reason()));
        continue;
      }
      String raw = ((FoundEndpoint.Literal) found).endpoint();
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
    switch (alloyProtocol) {
      case OTLP_GRPC:
        return ExporterEndpoint.parseGrpcTarget(
            id, raw, !(component != null && grpcInsecure(component)));
      case KAFKA:
        return ExporterEndpoint.parseHostPort(
            id, protocol, raw, component != null && kafkaTls(component));
      default:
        return ExporterEndpoint.parseUrl(id, protocol, raw);
    }
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
