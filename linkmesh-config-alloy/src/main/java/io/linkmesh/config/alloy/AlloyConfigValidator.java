package io.linkmesh.config.alloy;

import io.linkmesh.config.alloy.syntax.AlloySyntax;
import io.linkmesh.config.alloy.syntax.Block;
import io.linkmesh.config.alloy.syntax.SyntaxError;
import io.linkmesh.config.alloy.syntax.Validation;
import io.linkmesh.domain.config.ValidationProblem;
import io.linkmesh.domain.config.ValidationResult;
import io.linkmesh.domain.fleet.CollectorRuntime;
import io.linkmesh.domain.port.out.ConfigValidator;
import java.util.Set;

/**
 * The domain's {@link ConfigValidator} for {@link CollectorRuntime#ALLOY}: the text must parse as
 * Alloy syntax, hold only blocks at the top level, and declare each component (name plus label)
 * once. Alloy loads {@code remotecfg} content into an isolated module controller, which refuses the
 * root-only blocks ({@code logging}, {@code tracing} and the service blocks such as {@code http} or
 * {@code remotecfg}), so those are refused here too, before anything is stored or sent. A refusal
 * names the line, column and reason of the first problem.
 */
public final class AlloyConfigValidator implements ConfigValidator {

  /** Blocks Alloy accepts only in a collector's local (root) config, never in a module. */
  static final Set<String> ROOT_ONLY_BLOCKS =
      Set.of(
          "logging",
          "tracing",
          "http",
          "remotecfg",
          "livedebugging",
          "cluster",
          "labelstore",
          "otel",
          "ui");

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
    for (Block block : ((Validation.Valid) validation).document().blocks()) {
      if (ROOT_ONLY_BLOCKS.contains(block.name())) {
        return ValidationResult.invalid(
            ValidationProblem.at(
                block.position().line(),
                block.position().column(),
                "the \""
                    + block.name()
                    + "\" block is not allowed in a config delivered over remotecfg (Alloy loads it"
                    + " as a module); set it in the collector's local config"));
      }
    }
    return ValidationResult.valid();
  }
}
