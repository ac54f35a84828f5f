package io.linkmesh.domain.fleet;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The whole picture of one collector: its record in the desired state, its live state and the hash
 * of the config it should run.
 */
public record Collector(
    CollectorRecord record, LiveState live, @Nullable ConfigHash desiredConfigHash) {
  public Collector {
    requireNonNull(record, "record");
    requireNonNull(live, "live");
  }

  public CollectorId id() {
    return record.id();
  }

  public CollectorRuntime runtime() {
    return record.runtime();
  }

  /**
   * Reported attributes: the live ones when this replica has seen any, else those at registration.
   */
  public Map<String, String> attributes() {
    return live.attributes().isEmpty() ? record.attributes() : live.attributes();
  }

  public Map<String, String> labels() {
    return record.labels();
  }

  /** A display name: the one it registered with, else its host name, else its id. */
  public String displayName() {
    if (record.name() != null && !record.name().isBlank()) {
      return record.name();
    }
    String host = attributes().get("host.name");
    return host != null && !host.isBlank() ? host : record.id().value();
  }

  /**
   * Labels over attributes: what selectors see. An operator label overrides a reported attribute of
   * the same key.
   */
  public Map<String, String> selectable() {
    Map<String, String> view = new TreeMap<>(attributes());
    view.putAll(labels());
    return view;
  }
}
