package io.linkmesh.domain.internal;

import io.linkmesh.domain.config.ConfigName;
import io.linkmesh.domain.config.ConfigSpec;
import io.linkmesh.domain.config.DesiredConfig;
import io.linkmesh.domain.config.DesiredConfigComposer;
import io.linkmesh.domain.fleet.CollectorRuntime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * One immutable generation of the configs, with a memo of composed desired configs: collectors that
 * match the same configs share one composition and one hash, so a change reaching 10,000 collectors
 * composes once per distinct combination.
 */
public final class ConfigSet {
  static final ConfigSet EMPTY = new ConfigSet(0, Map.of());

  private final long generation;
  private final Map<ConfigName, ConfigSpec> byName;
  private final Map<CollectorRuntime, List<ConfigSpec>> byRuntime =
      new EnumMap<>(CollectorRuntime.class);
  private final Map<List<ConfigName>, DesiredConfig> composed = new ConcurrentHashMap<>();

  private ConfigSet(long generation, Map<ConfigName, ConfigSpec> configs) {
    this.generation = generation;
    this.byName = Collections.unmodifiableSortedMap(new TreeMap<>(configs));
    for (CollectorRuntime runtime : CollectorRuntime.values()) {
      byRuntime.put(runtime, new ArrayList<>());
    }
    for (ConfigSpec spec : byName.values()) {
      byRuntime.get(spec.runtime()).add(spec);
    }
  }

  ConfigSet next(Map<ConfigName, ConfigSpec> configs) {
    return new ConfigSet(generation + 1, configs);
  }

  public long generation() {
    return generation;
  }

  public Map<ConfigName, ConfigSpec> byName() {
    return byName;
  }

  /**
   * The desired config of a collector of {@code runtime} that selectors see as {@code selectable}.
   */
  public @Nullable DesiredConfig desiredFor(
      CollectorRuntime runtime, Map<String, String> selectable) {
    List<ConfigSpec> candidates = byRuntime.get(runtime);
    List<ConfigSpec> matching = null;
    for (ConfigSpec spec : candidates) {
      if (spec.selector().matches(selectable)) {
        if (matching == null) {
          matching = new ArrayList<>();
        }
        matching.add(spec);
      }
    }
    if (matching == null) {
      return null;
    }
    List<ConfigName> key = new ArrayList<>(matching.size());
    for (ConfigSpec spec : matching) {
      key.add(spec.name());
    }
    List<ConfigSpec> chosen = matching;
    return composed.computeIfAbsent(
        List.copyOf(key), k -> DesiredConfigComposer.compose(runtime, chosen));
  }
}
