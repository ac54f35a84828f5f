package io.linkmesh.config.alloy.syntax;

/**
 * A place in Alloy source text: 1-based line and 1-based column (counted in characters, a tab
 * counts as one).
 */
public record Position(int line, int column) {

  public Position {
    if (line < 1) {
      throw new IllegalArgumentException("line must be >= 1: " + line);
    }
    if (column < 1) {
      throw new IllegalArgumentException("column must be >= 1: " + column);
    }
  }

  @Override
  public String toString() {
    return line + ":" + column;
  }
}
