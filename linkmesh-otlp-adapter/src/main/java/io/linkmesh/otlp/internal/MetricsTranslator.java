package io.linkmesh.otlp.internal;

import io.linkmesh.domain.throughput.MetricSample;
import io.linkmesh.domain.throughput.OwnMetric;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Turns one OTLP {@link ResourceMetrics} into the domain's plain records: resource attributes and
 * the number data points of the metrics the domain recognises ({@link OwnMetric}). Other metrics
 * are skipped without converting their attributes.
 */
public final class MetricsTranslator {
  static final int MAX_RESOURCE_ATTRIBUTES = 128;
  static final int MAX_VALUE_LENGTH = 1024;
  private static final int FLAG_NO_RECORDED_VALUE = 1;

  private MetricsTranslator() {}

  /** One resource, translated. */
  public record Resource(
      Map<String, String> attributes, List<MetricSample> samples, int dataPoints) {}

  public static Resource translate(ResourceMetrics resourceMetrics) {
    Map<String, String> resource =
        strings(resourceMetrics.getResource().getAttributesList(), MAX_RESOURCE_ATTRIBUTES);
    List<MetricSample> samples = new ArrayList<>();
    int dataPoints = 0;
    for (ScopeMetrics scope : resourceMetrics.getScopeMetricsList()) {
      for (Metric metric : scope.getMetricsList()) {
        int points = dataPoints(metric);
        dataPoints += points;
        if (points == 0
            || metric.getName().isEmpty()
            || metric.getName().length() > MetricSample.MAX_NAME_LENGTH
            || OwnMetric.parse(metric.getName()).isEmpty()) {
          continue;
        }
        if (metric.hasSum()) {
          Sum sum = metric.getSum();
          MetricSample.Kind kind =
              !sum.getIsMonotonic()
                  ? MetricSample.Kind.GAUGE
                  : sum.getAggregationTemporality()
                          == AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA
                      ? MetricSample.Kind.DELTA_SUM
                      : MetricSample.Kind.CUMULATIVE_SUM;
          add(samples, metric.getName(), kind, sum.getDataPointsList());
        } else if (metric.hasGauge()) {
          add(
              samples,
              metric.getName(),
              MetricSample.Kind.GAUGE,
              metric.getGauge().getDataPointsList());
        }
      }
    }
    return new Resource(resource, samples, dataPoints);
  }

  /** How many data points a metric carries, whatever its type. */
  static int dataPoints(Metric metric) {
    switch (metric.getDataCase()) {
      case SUM:
        return metric.getSum().getDataPointsCount();
      case GAUGE:
        return metric.getGauge().getDataPointsCount();
      case HISTOGRAM:
        return metric.getHistogram().getDataPointsCount();
      case EXPONENTIAL_HISTOGRAM:
        return metric.getExponentialHistogram().getDataPointsCount();
      case SUMMARY:
        return metric.getSummary().getDataPointsCount();
      default:
        return 0;
    }
  }

  private static void add(
      List<MetricSample> out, String name, MetricSample.Kind kind, List<NumberDataPoint> points) {
    for (NumberDataPoint p : points) {
      if ((p.getFlags() & FLAG_NO_RECORDED_VALUE) != 0
          || p.getAttributesCount() > MetricSample.MAX_ATTRIBUTES
          || p.getTimeUnixNano() <= 0
          || p.getStartTimeUnixNano() < 0) {
        continue;
      }
      double value;
      switch (p.getValueCase()) {
        case AS_INT:
          value = p.getAsInt();
          break;
        case AS_DOUBLE:
          value = p.getAsDouble();
          break;
        default:
          continue;
      }
      out.add(
          new MetricSample(
              name,
              kind,
              strings(p.getAttributesList(), MetricSample.MAX_ATTRIBUTES),
              p.getStartTimeUnixNano(),
              p.getTimeUnixNano(),
              value));
    }
  }

  /** Primitive attribute values as strings; arrays, maps and bytes are left out. */
  static Map<String, String> strings(List<KeyValue> attributes, int max) {
    if (attributes.isEmpty()) {
      return Map.of();
    }
    Map<String, String> out = new HashMap<>();
    for (KeyValue kv : attributes) {
      if (out.size() >= max) {
        break;
      }
      String value = string(kv.getValue());
      if (value != null && !kv.getKey().isEmpty()) {
        out.put(kv.getKey(), value);
      }
    }
    return out;
  }

  private static @Nullable String string(AnyValue v) {
    String s;
    switch (v.getValueCase()) {
      case STRING_VALUE:
        s = v.getStringValue();
        break;
      case BOOL_VALUE:
        s = Boolean.toString(v.getBoolValue());
        break;
      case INT_VALUE:
        s = Long.toString(v.getIntValue());
        break;
      case DOUBLE_VALUE:
        s = Double.toString(v.getDoubleValue());
        break;
      default:
        return null;
    }
    return s.length() <= MAX_VALUE_LENGTH ? s : s.substring(0, MAX_VALUE_LENGTH);
  }
}
