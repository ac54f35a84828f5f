package io.linkmesh.config.alloy.internal;

import static java.util.Objects.requireNonNull;

import io.linkmesh.config.alloy.syntax.AlloyDocument;
import io.linkmesh.config.alloy.syntax.AlloySyntax;
import io.linkmesh.config.alloy.syntax.Attribute;
import io.linkmesh.config.alloy.syntax.Block;
import io.linkmesh.config.alloy.syntax.Expression;
import io.linkmesh.config.alloy.syntax.Expressions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Extracts the network endpoints of the exporter components of an Alloy config, for the firewall
 * model. Components that only forward to other components ({@code otelcol.exporter.loki}, {@code
 * otelcol.exporter.prometheus}) have no network endpoint and are skipped; so is everything that is
 * not an exporter.
 *
 * <table>
 *   <caption>What is read</caption>
 *   <tr><th>component</th><th>value</th><th>protocol</th></tr>
 *   <tr><td>otelcol.exporter.otlp</td><td>client { endpoint }</td><td>OTLP_GRPC</td></tr>
 *   <tr><td>otelcol.exporter.otlphttp</td>
 *       <td>client { endpoint }, traces_/metrics_/logs_endpoint</td><td>OTLP_HTTP</td></tr>
 *   <tr><td>otelcol.exporter.kafka</td><td>brokers (each)</td><td>KAFKA</td></tr>
 *   <tr><td>prometheus.remote_write</td><td>endpoint { url } (each)</td>
 *       <td>PROMETHEUS_REMOTE_WRITE</td></tr>
 *   <tr><td>loki.write</td><td>endpoint { url } (each)</td><td>LOKI_PUSH</td></tr>
 *   <tr><td>pyroscope.write</td><td>endpoint { url } (each)</td><td>PYROSCOPE</td></tr>
 * </table>
 *
 * <p>Components inside a {@code declare "name"} block are reported with the id {@code
 * declare.name/<component id>}.
 */
public final class AlloyEndpoints {

  /** Alloy's default for {@code otelcol.exporter.kafka} {@code brokers}. */
  static final String KAFKA_DEFAULT_BROKER = "localhost:9092";

  private static final int MAX_RENDERED = 120;

  private AlloyEndpoints() {}

  /** Every exporter endpoint of the document, in source order. */
  public static List<FoundEndpoint> extract(AlloyDocument document) {
    requireNonNull(document, "document");
    List<FoundEndpoint> out = new ArrayList<>();
    scan(document.blocks(), "", out);
    return List.copyOf(out);
  }

  /** Parses {@code source} and extracts its exporter endpoints. */
  public static List<FoundEndpoint> extract(String source) {
    return extract(AlloySyntax.parse(source));
  }

  private static void scan(List<Block> blocks, String prefix, List<FoundEndpoint> out) {
    for (Block block : blocks) {
      String id = prefix + block.componentId();
      switch (block.name()) {
        case "otelcol.exporter.otlp":
          client(block, id, ExporterProtocol.OTLP_GRPC, out);
          break;
        case "otelcol.exporter.otlphttp":
          client(block, id, ExporterProtocol.OTLP_HTTP, out);
          for (String signal : List.of("traces_endpoint", "metrics_endpoint", "logs_endpoint")) {
            block
                .attribute(signal)
                .ifPresent(a -> out.add(value(id, ExporterProtocol.OTLP_HTTP, signal, a)));
          }
          break;
        case "otelcol.exporter.kafka":
          kafka(block, id, out);
          break;
        case "prometheus.remote_write":
          endpointUrls(block, id, ExporterProtocol.PROMETHEUS_REMOTE_WRITE, out);
          break;
        case "loki.write":
          endpointUrls(block, id, ExporterProtocol.LOKI_PUSH, out);
          break;
        case "pyroscope.write":
          endpointUrls(block, id, ExporterProtocol.PYROSCOPE, out);
          break;
        case "declare":
          if (block.label() != null) {
            List<Block> inner =
                block.body().stream()
                    .filter(Block.class::isInstance)
                    .map(Block.class::cast)
                    .toList();
            scan(inner, prefix + "declare." + block.label() + "/", out);
          }
          break;
        default:
          break;
      }
    }
  }

  private static void client(
      Block block, String id, ExporterProtocol protocol, List<FoundEndpoint> out) {
    List<Block> clients = block.blocks("client");
    if (clients.isEmpty()) {
      out.add(
          new FoundEndpoint.Undetermined(
              id, protocol, "", "no client block with an endpoint", block.position()));
      return;
    }
    Optional<Attribute> endpoint = clients.get(0).attribute("endpoint");
    if (endpoint.isEmpty()) {
      out.add(
          new FoundEndpoint.Undetermined(
              id, protocol, "", "client block has no endpoint", clients.get(0).position()));
      return;
    }
    out.add(value(id, protocol, "client.endpoint", endpoint.get()));
  }

  private static void kafka(Block block, String id, List<FoundEndpoint> out) {
    Optional<Attribute> brokers = block.attribute("brokers");
    if (brokers.isEmpty()) {
      out.add(
          new FoundEndpoint.Literal(
              id, ExporterProtocol.KAFKA, KAFKA_DEFAULT_BROKER, block.position()));
      return;
    }
    Expression value = brokers.get().value();
    if (!(value instanceof Expression.ArrayLiteral array)) {
      out.add(
          new FoundEndpoint.Undetermined(
              id,
              ExporterProtocol.KAFKA,
              Expressions.render(value),
              "brokers is " + describe(value) + ", known only on the collector",
              value.position()));
      return;
    }
    for (Expression element : array.elements()) {
      if (element instanceof Expression.StringLiteral broker) {
        out.add(
            new FoundEndpoint.Literal(
                id, ExporterProtocol.KAFKA, broker.value(), element.position()));
      } else {
        out.add(
            new FoundEndpoint.Undetermined(
                id,
                ExporterProtocol.KAFKA,
                Expressions.render(element),
                "broker is " + describe(element) + ", known only on the collector",
                element.position()));
      }
    }
  }

  private static void endpointUrls(
      Block block, String id, ExporterProtocol protocol, List<FoundEndpoint> out) {
    List<Block> endpoints = block.blocks("endpoint");
    if (endpoints.isEmpty()) {
      out.add(
          new FoundEndpoint.Undetermined(id, protocol, "", "no endpoint block", block.position()));
      return;
    }
    for (Block endpoint : endpoints) {
      Optional<Attribute> url = endpoint.attribute("url");
      if (url.isEmpty()) {
        out.add(
            new FoundEndpoint.Undetermined(
                id, protocol, "", "endpoint block has no url", endpoint.position()));
      } else {
        out.add(value(id, protocol, "endpoint.url", url.get()));
      }
    }
  }

  private static FoundEndpoint value(
      String id, ExporterProtocol protocol, String what, Attribute attribute) {
    Expression value = attribute.value();
    if (value instanceof Expression.StringLiteral literal) {
      return new FoundEndpoint.Literal(id, protocol, literal.value(), value.position());
    }
    return new FoundEndpoint.Undetermined(
        id,
        protocol,
        Expressions.render(value),
        what + " is " + describe(value) + ", known only on the collector",
        value.position());
  }

  private static String describe(Expression value) {
    String kind;
    if (value instanceof Expression.Call) {
      kind = "a function call";
    } else if (value instanceof Expression.Identifier || value instanceof Expression.Access) {
      kind = "a reference";
    } else if (value instanceof Expression.StringLiteral
        || value instanceof Expression.NumberLiteral
        || value instanceof Expression.BoolLiteral
        || value instanceof Expression.NullLiteral
        || value instanceof Expression.ArrayLiteral
        || value instanceof Expression.ObjectLiteral) {
      kind = "not a string";
    } else {
      kind = "a computed expression";
    }
    String text = Expressions.render(value);
    if (text.length() > MAX_RENDERED) {
      text = text.substring(0, MAX_RENDERED) + "...";
    }
    return kind + " (" + text + ")";
  }
}
