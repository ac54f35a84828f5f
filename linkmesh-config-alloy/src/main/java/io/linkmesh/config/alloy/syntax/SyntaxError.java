package io.linkmesh.config.alloy.syntax;

import static java.util.Objects.requireNonNull;

/** Why Alloy source text is not a valid Alloy config, and where. */
public record SyntaxError(Position position, String reason) {

  public SyntaxError {
    requireNonNull(position, "position");
    requireNonNull(reason, "reason");
  }

  public int line() {
    return position.line();
  }

  public int column() {
    return position.column();
  }

  /** For example {@code line 3, column 7: expected '=' or '{' after "foo", got "bar"}. */
  @Override
  public String toString() {
    return "line " + position.line() + ", column " + position.column() + ": " + reason;
  }
}
