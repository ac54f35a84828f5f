package io.linkmesh.domain.config;

import static java.util.Objects.requireNonNull;

/**
 * One thing wrong with a config body, where it is (1-based line and column; 0 when the problem has
 * no single place) and why.
 */
public record ValidationProblem(int line, int column, String message) {
  public ValidationProblem {
    requireNonNull(message, "message");
    if (line < 0 || column < 0) {
      throw new IllegalArgumentException("line and column must not be negative");
    }
  }

  public static ValidationProblem at(int line, int column, String message) {
    return new ValidationProblem(line, column, message);
  }

  public static ValidationProblem general(String message) {
    return new ValidationProblem(0, 0, message);
  }

  @Override
  public String toString() {
    return line > 0 ? line + ":" + column + ": " + message : message;
  }
}
