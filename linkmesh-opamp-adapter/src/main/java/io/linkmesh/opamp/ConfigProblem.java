package io.linkmesh.opamp;

import static java.util.Objects.requireNonNull;

/**
 * One thing wrong with a collector config, at a 1-based line and column of the submitted text.
 *
 * @param line 1-based line
 * @param column 1-based column
 * @param reason what is wrong, for a human
 */
public record ConfigProblem(int line, int column, String reason) {
  public ConfigProblem {
    if (line < 1) {
      throw new IllegalArgumentException("line must be >= 1: " + line);
    }
    if (column < 1) {
      throw new IllegalArgumentException("column must be >= 1: " + column);
    }
    requireNonNull(reason, "reason");
  }

  @Override
  public String toString() {
    return line + ":" + column + ": " + reason;
  }
}
