package io.linkmesh.sim.internal;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import java.util.Map;

/**
 * A collector's own metrics as otelcol exports them (OTLP, cumulative): per receiver accepted
 * spans/metric points/log records, per processor incoming/outgoing items, per exporter sent items
 * and queue size/capacity, plus uptime. Counters grow with time at rates fixed by the agent's
 * index, so every push continues the previous one and the server's rates are steady.
 */
final class OwnMetrics {
  private OwnMetrics() {}

  /** Data points in one request (for the counters). */
  static int points(ExportMetricsServiceRequest request) {
    int n = 0;
    for (ResourceMetrics rm : request.getResourceMetricsList()) {
      for (ScopeMetrics sm : rm.getScopeMetricsList()) {
        for (Metric m : sm.getMetricsList()) {
          n += m.hasSum() ? m.getSum().getDataPointsCount() : m.getGauge().getDataPointsCount();
        }
      }
    }
    return n;
  }

  /**
   * Builds one export.
   *
   * @param resource resource attributes (service.instance.id etc.)
   * @param componentAttribute "receiver"/"exporter"/"processor" style (otelcol) when false, Alloy's
   *     {@code component_id} when true
   */
  static ExportMetricsServiceRequest export(
      Map<String, String> resource,
      boolean alloy,
      int index,
      long startEpochNanos,
      long nowEpochNanos) {
    double seconds = Math.max(0, (nowEpochNanos - startEpochNanos) / 1e9);
    double spansPerSecond = 50 + (index % 20) * 10;
    double pointsPerSecond = 200 + (index % 7) * 25;
    double logsPerSecond = 20 + (index % 11) * 3;
    double dropShare = (index % 10) / 100.0; // 0..9 % dropped by the filter processor
    Emitter e = new Emitter(startEpochNanos, nowEpochNanos, alloy);
    String receiver = alloy ? "otelcol.receiver.otlp.default" : "otlp";
    String processor = alloy ? "otelcol.processor.filter.default" : "filter/drop";
    String exporter = alloy ? "otelcol.exporter.otlp.default" : "otlp";
    e.sum("receiver", receiver, "otelcol_receiver_accepted_spans", spansPerSecond * seconds);
    e.sum(
        "receiver", receiver, "otelcol_receiver_accepted_metric_points", pointsPerSecond * seconds);
    e.sum("receiver", receiver, "otelcol_receiver_accepted_log_records", logsPerSecond * seconds);
    e.sum("receiver", receiver, "otelcol_receiver_refused_spans", 0);
    e.signalSum(processor, "otelcol_processor_incoming_items", "traces", spansPerSecond * seconds);
    e.signalSum(
        processor,
        "otelcol_processor_outgoing_items",
        "traces",
        spansPerSecond * (1 - dropShare) * seconds);
    e.sum(
        "exporter",
        exporter,
        "otelcol_exporter_sent_spans",
        spansPerSecond * (1 - dropShare) * seconds);
    e.sum("exporter", exporter, "otelcol_exporter_sent_metric_points", pointsPerSecond * seconds);
    e.sum("exporter", exporter, "otelcol_exporter_sent_log_records", logsPerSecond * seconds);
    e.sum("exporter", exporter, "otelcol_exporter_send_failed_spans", 0);
    e.gauge("exporter", exporter, "otelcol_exporter_queue_size", index % 50);
    e.gauge("exporter", exporter, "otelcol_exporter_queue_capacity", 1000);
    e.plain("otelcol_process_uptime", seconds, true);
    e.plain("otelcol_process_memory_rss", 80_000_000 + (index % 40) * 1_000_000, false);

    ResourceMetrics.Builder rm = ResourceMetrics.newBuilder();
    io.opentelemetry.proto.resource.v1.Resource.Builder r =
        io.opentelemetry.proto.resource.v1.Resource.newBuilder();
    resource.forEach((k, v) -> r.addAttributes(attr(k, v)));
    rm.setResource(r);
    rm.addScopeMetrics(
        ScopeMetrics.newBuilder()
            .setScope(
                InstrumentationScope.newBuilder()
                    .setName(alloy ? "alloy" : "go.opentelemetry.io/collector/service"))
            .addAllMetrics(e.metrics));
    return ExportMetricsServiceRequest.newBuilder().addResourceMetrics(rm).build();
  }

  static KeyValue attr(String key, String value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setStringValue(value))
        .build();
  }

  private static final class Emitter {
    final long start;
    final long now;
    final boolean alloy;
    final java.util.List<Metric> metrics = new java.util.ArrayList<>();

    Emitter(long start, long now, boolean alloy) {
      this.start = start;
      this.now = now;
      this.alloy = alloy;
    }

    private String name(String otelcolName) {
      return alloy ? otelcolName + "_total" : otelcolName;
    }

    private KeyValue component(String kind, String id) {
      return alloy ? attr("component_id", id) : attr(kind, id);
    }

    void sum(String kind, String id, String name, double value) {
      cumulative(name, point(Math.floor(value)).addAttributes(component(kind, id)));
    }

    void signalSum(String id, String name, String signal, double value) {
      cumulative(
          name,
          point(Math.floor(value))
              .addAttributes(component("processor", id))
              .addAttributes(attr("otel.signal", signal)));
    }

    private void cumulative(String name, NumberDataPoint.Builder point) {
      metrics.add(
          Metric.newBuilder()
              .setName(name(name))
              .setSum(
                  Sum.newBuilder()
                      .setIsMonotonic(true)
                      .setAggregationTemporality(
                          AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                      .addDataPoints(point))
              .build());
    }

    void gauge(String kind, String id, String name, double value) {
      metrics.add(
          Metric.newBuilder()
              .setName(name)
              .setGauge(
                  Gauge.newBuilder()
                      .addDataPoints(
                          point(value)
                              .addAttributes(component(kind, id))
                              .addAttributes(attr("data_type", "traces"))))
              .build());
    }

    void plain(String name, double value, boolean counter) {
      Metric.Builder m = Metric.newBuilder().setName(name);
      if (counter) {
        m.setSum(
            Sum.newBuilder()
                .setIsMonotonic(true)
                .setAggregationTemporality(
                    AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                .addDataPoints(point(value)));
      } else {
        m.setGauge(Gauge.newBuilder().addDataPoints(point(value)));
      }
      metrics.add(m.build());
    }

    private NumberDataPoint.Builder point(double value) {
      return NumberDataPoint.newBuilder()
          .setStartTimeUnixNano(start)
          .setTimeUnixNano(now)
          .setAsDouble(value);
    }
  }
}
