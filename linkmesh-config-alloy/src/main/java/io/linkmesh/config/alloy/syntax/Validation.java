package io.linkmesh.config.alloy.syntax;

import static java.util.Objects.requireNonNull;

/** The outcome of {@link AlloySyntax#validate(String)}. */
public sealed interface Validation {

  /** The text is a valid Alloy config. */
  record Valid(AlloyDocument document) implements Validation {
    public Valid {
      requireNonNull(document, "document");
    }
  }

  /** The text is not a valid Alloy config; {@code error} says where and why. */
  record Invalid(SyntaxError error) implements Validation {
    public Invalid {
      requireNonNull(error, "error");
    }
  }
}
