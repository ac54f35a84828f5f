package io.linkmesh.config.alloy.syntax;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * {@code name "label" { body }}, for example {@code otelcol.exporter.otlp "default" { ... }}.
 *
 * @param name the dotted block name, e.g. {@code otelcol.exporter.otlp}
 * @param label the label, or null for an unlabelled block such as {@code client { ... }}
 */
public record Block(String name, @Nullable String label, List<Statement> body, Position position)
    implements Statement {

  public Block {
    requireNonNull(name, "name");
    body = List.copyOf(body);
    requireNonNull(position, "position");
  }

  /** The component id Alloy uses: {@code name.label}, or just {@code name} without a label. */
  public String componentId() {
    return label == null ? name : name + "." + label;
  }

  /** The first attribute of this body with the given name. */
  public Optional<Attribute> attribute(String attributeName) {
    for (Statement statement : body) {
      if (statement instanceof Attribute attribute && attribute.name().equals(attributeName)) {
        return Optional.of(attribute);
      }
    }
    return Optional.empty();
  }

  /** The nested blocks of this body with the given name, in source order. */
  public List<Block> blocks(String blockName) {
    return body.stream()
        .filter(Block.class::isInstance)
        .map(Block.class::cast)
        .filter(b -> b.name().equals(blockName))
        .toList();
  }
}
