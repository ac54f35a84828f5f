package io.linkmesh.domain.fleet;

import java.util.Locale;
import java.util.Optional;

/** The upstream collector runtimes LinkMesh manages, each through its own native protocol. */
public enum CollectorRuntime {
  /** otelcol-contrib driven by opampsupervisor (or its opamp extension), over OpAMP. */
  OTELCOL("otelcol"),
  /** Grafana Alloy, over its remotecfg API. */
  ALLOY("alloy");

  private final String wireName;

  CollectorRuntime(String wireName) {
    this.wireName = wireName;
  }

  /** The lower-case name used in the REST API and in stored documents. */
  public String wireName() {
    return wireName;
  }

  public static Optional<CollectorRuntime> parse(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    for (CollectorRuntime runtime : values()) {
      if (runtime.wireName.equals(lower)) {
        return Optional.of(runtime);
      }
    }
    return Optional.empty();
  }
}
