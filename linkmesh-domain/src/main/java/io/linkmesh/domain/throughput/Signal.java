package io.linkmesh.domain.throughput;

import java.util.Optional;

/** The kinds of record a pipeline carries, named as the collector's metric names name them. */
public enum Signal {
  SPANS("spans", "traces"),
  METRIC_POINTS("metric_points", "metrics"),
  LOG_RECORDS("log_records", "logs");

  private final String wireName;
  private final String pipelineType;

  Signal(String wireName, String pipelineType) {
    this.wireName = wireName;
    this.pipelineType = pipelineType;
  }

  /** The suffix in metric names: {@code spans}, {@code metric_points}, {@code log_records}. */
  public String wireName() {
    return wireName;
  }

  /** The pipeline type: {@code traces}, {@code metrics}, {@code logs}. */
  public String pipelineType() {
    return pipelineType;
  }

  /** The signal named by a metric-name suffix or a pipeline type, if any. */
  public static Optional<Signal> parse(String name) {
    for (Signal s : values()) {
      if (s.wireName.equals(name) || s.pipelineType.equals(name)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }
}
