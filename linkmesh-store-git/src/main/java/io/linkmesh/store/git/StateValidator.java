package io.linkmesh.store.git;

import static java.util.Objects.requireNonNull;

import io.linkmesh.domain.config.ConfigName;
import io.linkmesh.domain.config.ConfigSpec;
import io.linkmesh.domain.config.ValidationResult;
import io.linkmesh.domain.fleet.CollectorRuntime;
import io.linkmesh.domain.port.out.ConfigValidator;
import io.linkmesh.domain.revision.DesiredState;
import io.linkmesh.domain.revision.InvalidStateException;
import io.linkmesh.domain.revision.StateCodec;
import io.linkmesh.domain.revision.StatePaths;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Decides whether a revision fetched from the remote may be served. A revision that fails is
 * skipped: the store keeps serving the last valid one and reports the problem.
 */
@FunctionalInterface
public interface StateValidator {
  /**
   * Checks a whole snapshot.
   *
   * @throws InvalidStateException naming the first bad document
   */
  void validate(Map<String, String> snapshot);

  /** Every document must decode as a record ({@link StateCodec#decode}). The default. */
  static StateValidator codec() {
    return StateCodec::decode;
  }

  /**
   * Every document must decode, and every config body must pass the validator of its runtime (bad
   * YAML, bad Alloy syntax). Runtimes without a validator are only decoded.
   */
  static StateValidator withConfigValidators(List<ConfigValidator> validators) {
    Map<CollectorRuntime, ConfigValidator> byRuntime = new EnumMap<>(CollectorRuntime.class);
    for (ConfigValidator validator : validators) {
      byRuntime.put(validator.runtime(), requireNonNull(validator, "validator"));
    }
    return snapshot -> {
      DesiredState state = StateCodec.decode(snapshot);
      for (Map.Entry<ConfigName, ConfigSpec> config : state.configs().entrySet()) {
        ConfigValidator validator = byRuntime.get(config.getValue().runtime());
        if (validator == null) {
          continue;
        }
        ValidationResult result = validator.validate(config.getValue().content());
        if (result instanceof ValidationResult.Invalid) {
          ValidationResult.Invalid invalid = (ValidationResult.Invalid) result;
          throw new InvalidStateException(
              StatePaths.config(config.getKey()) + ": " + invalid.problems().get(0));
        }
      }
    };
  }
}
