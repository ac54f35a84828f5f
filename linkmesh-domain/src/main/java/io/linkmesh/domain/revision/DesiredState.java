package io.linkmesh.domain.revision;

import static java.util.Objects.requireNonNull;

import io.linkmesh.domain.config.ConfigName;
import io.linkmesh.domain.config.ConfigSpec;
import io.linkmesh.domain.enrollment.ApiToken;
import io.linkmesh.domain.enrollment.EnrollmentToken;
import io.linkmesh.domain.fleet.CollectorId;
import io.linkmesh.domain.fleet.CollectorRecord;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** Every record of one revision, decoded. */
public record DesiredState(
    Map<ConfigName, ConfigSpec> configs,
    Map<CollectorId, CollectorRecord> collectors,
    Map<String, EnrollmentToken> enrollmentTokens,
    Map<String, ApiToken> apiTokens) {

  public static final DesiredState EMPTY = new DesiredState(Map.of(), Map.of(), Map.of(), Map.of());

  public DesiredState {
    configs = Collections.unmodifiableSortedMap(new TreeMap<>(requireNonNull(configs, "configs")));
    collectors =
        Collections.unmodifiableSortedMap(new TreeMap<>(requireNonNull(collectors, "collectors")));
    enrollmentTokens =
        Collections.unmodifiableSortedMap(
            new TreeMap<>(requireNonNull(enrollmentTokens, "enrollmentTokens")));
    apiTokens =
        Collections.unmodifiableSortedMap(new TreeMap<>(requireNonNull(apiTokens, "apiTokens")));
  }
}
