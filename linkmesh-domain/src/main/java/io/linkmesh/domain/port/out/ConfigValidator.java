package io.linkmesh.domain.port.out;

import io.linkmesh.domain.config.ValidationResult;
import io.linkmesh.domain.fleet.CollectorRuntime;

/**
 * Checks a config body in its runtime's language before anything is stored or sent. Implemented by
 * the config-language modules (linkmesh-config-otelcol for otelcol YAML, linkmesh-config-alloy for
 * Alloy syntax), never by a protocol adapter.
 */
public interface ConfigValidator {
  CollectorRuntime runtime();

  ValidationResult validate(String content);
}
