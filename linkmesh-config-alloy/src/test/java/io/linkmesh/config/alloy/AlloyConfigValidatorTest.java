package io.linkmesh.config.alloy;

import static org.assertj.core.api.Assertions.assertThat;

import io.linkmesh.domain.config.ValidationProblem;
import io.linkmesh.domain.config.ValidationResult;
import io.linkmesh.domain.fleet.CollectorRuntime;
import org.junit.jupiter.api.Test;

class AlloyConfigValidatorTest {

  private final AlloyConfigValidator validator = AlloyConfigValidator.create();

  @Test
  void servesTheAlloyRuntime() {
    assertThat(validator.runtime()).isEqualTo(CollectorRuntime.ALLOY);
  }

  @Test
  void acceptsAValidConfig() {
    assertThat(validator.validate("otelcol.processor.batch \"default\" {\n  timeout = \"5s\"\n}\n"))
        .isInstanceOf(ValidationResult.Valid.class);
  }

  @Test
  void refusesBadSyntaxWithLineAndColumn() {
    assertThat(validator.validate("logging {\n  level = \"info\n}\n"))
        .isEqualTo(
            ValidationResult.invalid(ValidationProblem.at(2, 11, "string literal not terminated")));
  }

  @Test
  void refusesDuplicateComponentAtTheSecondOccurrence() {
    ValidationResult result =
        validator.validate("loki.write \"a\" { }\n// again\nloki.write \"a\" { }\n");
    assertThat(result)
        .isEqualTo(
            ValidationResult.invalid(
                ValidationProblem.at(
                    3,
                    1,
                    "component \"loki.write.a\" is already declared at line 1, column 1; labels"
                        + " must be unique per component name")));
  }

  @Test
  void refusesRootOnlyBlocksThatAlloyRefusesInRemoteContent() {
    assertThat(
            validator.validate(
                "otelcol.processor.batch \"b\" { }\n\nlogging {\n  level = \"debug\"\n}\n"))
        .isEqualTo(
            ValidationResult.invalid(
                ValidationProblem.at(
                    3,
                    1,
                    "the \"logging\" block is not allowed in a config delivered over remotecfg"
                        + " (Alloy loads it as a module); set it in the collector's local config")));
    for (String block : AlloyConfigValidator.ROOT_ONLY_BLOCKS) {
      assertThat(validator.validate(block + " { }\n")).isInstanceOf(ValidationResult.Invalid.class);
    }
    assertThat(validator.validate("declare \"m\" {\n  argument \"x\" { }\n}\n"))
        .isInstanceOf(ValidationResult.Valid.class);
  }
}
