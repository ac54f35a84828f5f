package io.linkmesh.config.alloy.syntax;

import static java.util.Objects.requireNonNull;

/** Thrown by {@link AlloySyntax#parse(String)} for text that is not valid Alloy syntax. */
public final class AlloySyntaxException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final SyntaxError error;

  public AlloySyntaxException(SyntaxError error) {
    super(requireNonNull(error, "error").toString());
    this.error = error;
  }

  public SyntaxError error() {
    return error;
  }
}
