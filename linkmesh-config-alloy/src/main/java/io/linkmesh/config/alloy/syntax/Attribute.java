package io.linkmesh.config.alloy.syntax;

import static java.util.Objects.requireNonNull;

/** {@code name = value}. */
public record Attribute(String name, Expression value, Position position) implements Statement {

  public Attribute {
    requireNonNull(name, "name");
    requireNonNull(value, "value");
    requireNonNull(position, "position");
  }
}
