package io.linkmesh.alloy;

import io.linkmesh.alloy.syntax.AlloySyntax;
import io.linkmesh.alloy.syntax.SyntaxError;
import io.linkmesh.alloy.syntax.Validation;
import io.linkmesh.domain.config.ValidationProblem;
import io.linkmesh.domain.config.ValidationResult;
import io.linkmesh.domain.fleet.CollectorRuntime;
import io.linkmesh.domain.port.out.ConfigValidator;

/**
 * The domain's {@link ConfigValidator} for {@link CollectorRuntime#ALLOY}: the text must parse as
 * Alloy syntax, hold only blocks at the top level, and declare each component (name plus label)
 * once. A refusal names the line, column and reason of the first problem.
 */
public final class AlloyConfigValidator implements ConfigValidator {

  public static AlloyConfigValidator create() {
    return new AlloyConfigValidator();
  }

  private AlloyConfigValidator() {}

  @Override
  public CollectorRuntime runtime() {
    return CollectorRuntime.ALLOY;
  }

  @Override
  public ValidationResult validate(String content) {
    Validation validation = AlloySyntax.validate(content);
    if (validation instanceof Validation.Invalid invalid) {
      SyntaxError error = invalid.error();
      return ValidationResult.invalid(
          ValidationProblem.at(error.line(), error.column(), error.reason()));
    }
    return ValidationResult.valid();
  }
}
