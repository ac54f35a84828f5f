package io.linkmesh.config.alloy.internal;

import static java.util.Objects.requireNonNull;

import io.linkmesh.config.alloy.syntax.Position;

/** Where one exporter component of an Alloy config sends its data, as far as the text says. */
public sealed interface FoundEndpoint {

  /** The component id, e.g. {@code otelcol.exporter.otlp.default}. */
  String componentId();

  ExporterProtocol protocol();

  /** Where the endpoint value (or the component, when the value is missing) is written. */
  Position position();

  /** The endpoint is a string literal: {@code endpoint} is exactly what the config says. */
  record Literal(String componentId, ExporterProtocol protocol, String endpoint, Position position)
      implements FoundEndpoint {
    public Literal {
      requireNonNull(componentId, "componentId");
      requireNonNull(protocol, "protocol");
      requireNonNull(endpoint, "endpoint");
      requireNonNull(position, "position");
    }
  }

  /**
   * The endpoint is known only on the collector (an environment variable, a reference to another
   * component's export, a computed value) or is missing; {@code reason} says which.
   *
   * @param source the value's Alloy source text, empty when the value is missing
   */
  record Undetermined(
      String componentId,
      ExporterProtocol protocol,
      String source,
      String reason,
      Position position)
      implements FoundEndpoint {
    public Undetermined {
      requireNonNull(componentId, "componentId");
      requireNonNull(protocol, "protocol");
      requireNonNull(source, "source");
      requireNonNull(reason, "reason");
      requireNonNull(position, "position");
    }
  }
}
