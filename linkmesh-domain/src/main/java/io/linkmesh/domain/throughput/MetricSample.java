package io.linkmesh.domain.throughput;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * One number data point of a collector's own metrics, as the wire carried it.
 *
 * @param name the metric name as sent ({@code otelcol_receiver_accepted_spans}, ...)
 * @param kind how to read {@code value}
 * @param attributes the data point's attributes with values as strings ({@code receiver=otlp},
 *     {@code transport=http}, ...)
 * @param startEpochNanos start of the accumulation (cumulative) or of the interval (delta); 0 when
 *     unknown
 * @param epochNanos when the value was observed
 */
public record MetricSample(
    String name,
    Kind kind,
    Map<String, String> attributes,
    long startEpochNanos,
    long epochNanos,
    double value) {

  public static final int MAX_NAME_LENGTH = 255;
  public static final int MAX_ATTRIBUTES = 32;

  public MetricSample {
    requireNonNull(name, "name");
    requireNonNull(kind, "kind");
    requireNonNull(attributes, "attributes");
    if (name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
      throw new IllegalArgumentException(
          "metric name must be 1-" + MAX_NAME_LENGTH + " characters, got " + name.length());
    }
    if (attributes.size() > MAX_ATTRIBUTES) {
      throw new IllegalArgumentException(
          "a data point has " + attributes.size() + " attributes, more than " + MAX_ATTRIBUTES);
    }
    if (startEpochNanos < 0 || epochNanos < 0) {
      throw new IllegalArgumentException(
          "timestamps must not be negative: " + startEpochNanos + ", " + epochNanos);
    }
    attributes = Map.copyOf(attributes);
  }

  /** How a sample's value relates to the ones before it. */
  public enum Kind {
    /** A monotonic sum since {@code startEpochNanos}. */
    CUMULATIVE_SUM,
    /** A monotonic sum over {@code [startEpochNanos, epochNanos]} only. */
    DELTA_SUM,
    /** A current value (or a non-monotonic sum). */
    GAUGE
  }
}
