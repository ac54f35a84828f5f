package io.linkmesh.domain.port.out;

import io.linkmesh.domain.config.ValidationResult;
import io.linkmesh.domain.fleet.CollectorRuntime;

/**
 * Checks a config body in its runtime's language before anything is stored or sent. Implemented
 * where the runtime's parser lives (the OpAMP adapter for otelcol YAML, the Alloy adapter for Alloy
 * syntax).
 */
public interface ConfigValidator {
  CollectorRuntime runtime();

  ValidationResult validate(String content);
}
