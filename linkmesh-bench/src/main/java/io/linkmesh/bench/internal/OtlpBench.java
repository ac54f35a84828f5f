package io.linkmesh.bench.internal;

import com.google.protobuf.InvalidProtocolBufferException;
import io.linkmesh.wire.alloy.proto.RegisterCollectorRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
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
import io.opentelemetry.proto.resource.v1.Resource;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.jspecify.annotations.Nullable;

/**
 * Row 6: OTLP/HTTP protobuf own-metrics batches, closed loop, one enrolled collector per
 * connection, each request one collector's export of a few hundred points of the metric names the
 * server turns into throughput. Counts accepted points, partial-success rejections and 503s.
 *
 * <p>The collectors are enrolled as Alloy collectors (RegisterCollector with an enrollment token),
 * whose token keeps authenticating them; the resource names each with {@code
 * linkmesh.collector.id}, as the Alloy bootstrap sets it up.
 */
public final class OtlpBench implements Bench {
  /** Metric name, component attribute, component prefix, extra attribute, is-gauge. */
  private static final String[][] METRICS = {
    {"otelcol_receiver_accepted_spans", "receiver", "otlp/", "transport", "grpc"},
    {"otelcol_receiver_refused_spans", "receiver", "otlp/", "transport", "grpc"},
    {"otelcol_receiver_accepted_metric_points", "receiver", "otlp/", "transport", "grpc"},
    {"otelcol_receiver_refused_metric_points", "receiver", "otlp/", "transport", "grpc"},
    {"otelcol_receiver_accepted_log_records", "receiver", "otlp/", "transport", "http"},
    {"otelcol_receiver_refused_log_records", "receiver", "otlp/", "transport", "http"},
    {"otelcol_processor_incoming_items", "processor", "batch/", "otel.signal", "traces"},
    {"otelcol_processor_outgoing_items", "processor", "batch/", "otel.signal", "traces"},
    {"otelcol_exporter_sent_spans", "exporter", "otlp/", "data_type", "traces"},
    {"otelcol_exporter_send_failed_spans", "exporter", "otlp/", "data_type", "traces"},
    {"otelcol_exporter_queue_size", "exporter", "otlp/", "data_type", "traces", "gauge"},
    {"otelcol_exporter_queue_capacity", "exporter", "otlp/", "data_type", "traces", "gauge"},
  };

  @Override
  public String name() {
    return "otlp";
  }

  @Override
  public String summary() {
    return "OTLP/HTTP own-metrics ingest, accepted data points/s (target ≥ 100,000)";
  }

  @Override
  public BenchResult run(BenchContext ctx) {
    Options o = ctx.options();
    int connections = o.integer("otlp-connections", 8);
    int pointsPerRequest = o.integer("points-per-request", 600);
    Duration warmup = o.duration("warmup", Duration.ofSeconds(5));
    Duration duration = o.duration("duration", Duration.ofSeconds(20));
    int perMetric = Math.max(1, pointsPerRequest / METRICS.length);
    int points = perMetric * METRICS.length;
    BenchResult result = ctx.newResult(name());
    Console console = ctx.console();

    ClosedLoop.Outcome outcome;
    double serverCpu;
    try (ServerProcess server = ctx.startServer(name(), false)) {
      AdminClient admin = AdminClient.of(server);
      String token = admin.enrollmentToken(0, Duration.ofHours(2));
      HttpClient client = LoadClients.start(connections);
      try {
        URI base = server.baseUri();
        String[] ids = new String[connections];
        for (int i = 0; i < connections; i++) {
          ids[i] = "bench-otlp-" + i;
          register(client, base, token, ids[i]);
        }
        console.progress(
            "%d collectors enrolled; %d points per request, %d connections, %d s after %d s warm-up",
            connections, points, connections, duration.toSeconds(), warmup.toSeconds());
        double cpu0 = ProcFs.cpuSeconds(server.pid());
        long t0 = System.nanoTime();
        outcome =
            ClosedLoop.run(
                client,
                connections,
                warmup,
                duration,
                new Exports(base.resolve("/v1/metrics"), token, ids, perMetric));
        serverCpu = (ProcFs.cpuSeconds(server.pid()) - cpu0) / ((System.nanoTime() - t0) / 1e9);
      } finally {
        LoadClients.stop(client);
      }
    }
    double accepted = outcome.counter("accepted") / outcome.seconds();
    result.add(Figure.atLeast("accepted data points", accepted, "points/s", 100_000));
    result.add(Figure.info("requests", outcome.perSecond(), "req/s"));
    result.add(
        Figure.atMost("partial-success rejected points", outcome.counter("rejected"), "", 0));
    result.add(Figure.atMost("503 answers", outcome.errors().getOrDefault("HTTP 503", 0L), "", 0));
    result.add(
        Figure.atMost(
            "other errors",
            outcome.errorCount() - outcome.errors().getOrDefault("HTTP 503", 0L),
            "",
            0));
    result.add(Figure.info("server CPU during the run", serverCpu, "cores"));
    result.note(
        points
            + " points per request ("
            + METRICS.length
            + " otelcol_* metrics × "
            + perMetric
            + " components), uncompressed protobuf, "
            + connections
            + " connections (the receiver admits 8 requests at once), closed loop, "
            + duration.toSeconds()
            + " s measured after "
            + warmup.toSeconds()
            + " s warm-up");
    if (!outcome.errors().isEmpty()) {
      result.note("errors by kind: " + outcome.errors());
    }
    return result;
  }

  private static void register(HttpClient client, URI base, String token, String id) {
    RegisterCollectorRequest register =
        RegisterCollectorRequest.newBuilder()
            .setId(id)
            .setName(id)
            .putLocalAttributes("collector.os", "linux")
            .build();
    ContentResponse r =
        LoadClients.send(
            AlloyBench.alloyRequest(
                client,
                base.resolve(AlloyBench.SERVICE + "RegisterCollector"),
                token,
                register.toByteArray()));
    if (r.getStatus() != 200) {
      throw new BenchException(
          "RegisterCollector answered " + r.getStatus() + ": " + r.getContentAsString());
    }
  }

  /** Each loop pushes for its own collector, its cumulative counters growing request by request. */
  static final class Exports implements ClosedLoop.Exchange {
    private final URI uri;
    private final String token;
    private final String[] ids;
    private final int perMetric;
    private final long startNanos = TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis());
    private final AtomicLongArray sequence;

    Exports(URI uri, String token, String[] ids, int perMetric) {
      this.uri = uri;
      this.token = token;
      this.ids = ids.clone();
      this.perMetric = perMetric;
      this.sequence = new AtomicLongArray(ids.length);
    }

    @Override
    public Request request(HttpClient client, int worker) {
      long n = sequence.incrementAndGet(worker);
      return LoadClients.post(
          client, uri, token, "application/x-protobuf", export(ids[worker], n).toByteArray());
    }

    ExportMetricsServiceRequest export(String collector, long n) {
      // Strictly increasing per collector, so every push is a new observation of each stream.
      long now =
          Math.max(
              TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis()),
              startNanos + n * 1_000_000);
      ScopeMetrics.Builder scope =
          ScopeMetrics.newBuilder()
              .setScope(
                  InstrumentationScope.newBuilder()
                      .setName("go.opentelemetry.io/collector/service")
                      .setVersion("0.139.0"));
      for (String[] m : METRICS) {
        boolean gauge = m.length > 5;
        Metric.Builder metric = Metric.newBuilder().setName(m[0]).setUnit("1");
        Sum.Builder sum =
            Sum.newBuilder()
                .setIsMonotonic(true)
                .setAggregationTemporality(
                    AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE);
        Gauge.Builder level = Gauge.newBuilder();
        for (int c = 0; c < perMetric; c++) {
          NumberDataPoint.Builder p =
              NumberDataPoint.newBuilder()
                  .setStartTimeUnixNano(startNanos)
                  .setTimeUnixNano(now)
                  .addAttributes(attribute(m[1], m[2] + c))
                  .addAttributes(attribute(m[3], m[4]));
          if (gauge) {
            level.addDataPoints(p.setAsInt(m[0].endsWith("capacity") ? 1000 : (n + c) % 1000));
          } else {
            sum.addDataPoints(p.setAsDouble(n * 100.0 + c));
          }
        }
        scope.addMetrics(gauge ? metric.setGauge(level) : metric.setSum(sum));
      }
      Resource resource =
          Resource.newBuilder()
              .addAllAttributes(
                  List.of(
                      attribute("service.name", "otelcol-contrib"),
                      attribute("service.version", "0.139.0"),
                      attribute("linkmesh.collector.id", collector)))
              .build();
      return ExportMetricsServiceRequest.newBuilder()
          .addResourceMetrics(
              ResourceMetrics.newBuilder().setResource(resource).addScopeMetrics(scope))
          .build();
    }

    private static KeyValue attribute(String key, String value) {
      return KeyValue.newBuilder()
          .setKey(key)
          .setValue(AnyValue.newBuilder().setStringValue(value))
          .build();
    }

    @Override
    public @Nullable String check(int worker, int status, byte[] body, ClosedLoop.Tally tally) {
      if (status != 200) {
        return "HTTP " + status;
      }
      long points = (long) perMetric * METRICS.length;
      long rejected;
      try {
        ExportMetricsServiceResponse r = ExportMetricsServiceResponse.parseFrom(body);
        rejected = r.hasPartialSuccess() ? r.getPartialSuccess().getRejectedDataPoints() : 0;
      } catch (InvalidProtocolBufferException e) {
        return "undecodable answer";
      }
      tally.add("accepted", points - rejected);
      tally.add("rejected", rejected);
      return null;
    }
  }
}
