package io.linkmesh.web;

import io.linkmesh.domain.config.ValidationProblem;
import io.linkmesh.domain.config.ValidationResult;
import io.linkmesh.domain.fleet.CollectorRuntime;
import io.linkmesh.domain.port.out.ConfigValidator;
import java.util.ArrayList;
import java.util.List;

/** Rejects every line containing {@code bogus}, at the column where it starts. */
final class BogusComponentValidator implements ConfigValidator {
  @Override
  public CollectorRuntime runtime() {
    return CollectorRuntime.OTELCOL;
  }

  @Override
  public ValidationResult validate(String content) {
    List<ValidationProblem> problems = new ArrayList<>();
    String[] lines = content.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      int at = lines[i].indexOf("bogus");
      if (at >= 0) {
        problems.add(ValidationProblem.at(i + 1, at + 1, "unknown component 'bogus'"));
      }
    }
    return problems.isEmpty()
        ? new ValidationResult.Valid()
        : new ValidationResult.Invalid(problems);
  }
}
