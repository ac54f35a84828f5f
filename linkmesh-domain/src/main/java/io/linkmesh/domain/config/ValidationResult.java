package io.linkmesh.domain.config;

import java.util.List;

/** Whether a config body is acceptable for its runtime. */
public sealed interface ValidationResult {
  /** The body is acceptable. */
  record Valid() implements ValidationResult {}

  /** The body is refused, with at least one problem. */
  record Invalid(List<ValidationProblem> problems) implements ValidationResult {
    public Invalid {
      problems = List.copyOf(problems);
      if (problems.isEmpty()) {
        throw new IllegalArgumentException("an invalid result names at least one problem");
      }
    }
  }

  static ValidationResult valid() {
    return new Valid();
  }

  static ValidationResult invalid(ValidationProblem... problems) {
    return new Invalid(List.of(problems));
  }
}
