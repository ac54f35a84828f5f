package io.linkmesh.otlp.bench;

import io.linkmesh.domain.audit.Actor;
import io.linkmesh.domain.fleet.CollectorId;
import io.linkmesh.domain.fleet.CollectorRuntime;
import io.linkmesh.domain.fleet.Transport;
import io.linkmesh.domain.port.in.AuthenticateCollectorCommand;
import io.linkmesh.domain.port.in.CollectorAuthentication;
import io.linkmesh.domain.port.in.ConnectCollectorCommand;
import io.linkmesh.domain.port.in.ConnectOutcome;
import io.linkmesh.domain.port.in.MintEnrollmentTokenCommand;
import io.linkmesh.domain.port.in.RecordOwnMetricsCommand;
import io.linkmesh.domain.port.in.RecordOwnMetricsOutcome;
import io.linkmesh.domain.service.LinkMeshDomain;
import io.linkmesh.domain.testing.InMemoryAuditLog;
import io.linkmesh.domain.testing.InMemoryRevisionStore;
import io.linkmesh.domain.testing.MutableClock;
import io.linkmesh.domain.testing.SequentialSecretGenerator;
import io.linkmesh.otlp.OtlpReceiver;
import io.linkmesh.otlp.internal.MetricsTranslator;
import io.linkmesh.otlp.internal.OtlpCodec;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.resource.v1.Resource;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Ingest throughput of collectors' own metrics, in data points per second on the calling thread.
 * Not a test: run it by hand, pinned to one core (see the module README).
 *
 * <p>Each request is one push of a realistic collector (about 60 data points: receivers,
 * processors, exporters with queues, process metrics and a histogram), from 100 collectors over 30
 * push rounds 10 s apart. Mode {@code pipeline} (default) times what the handler does per request
 * without HTTP: authenticate, decode protobuf, translate, record. Mode {@code http} posts the same
 * requests one after another through a real Jetty and the JDK HttpClient (client included).
 */
public final class IngestBenchmark {
  static final int COLLECTORS = 100;
  static final int ROUNDS = 30;
  static final long T0 = Instant.parse("2026-11-26T10:00:00Z").toEpochMilli() * 1_000_000L;
  static final com.sun.management.OperatingSystemMXBean PROCESS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  static final String[] SIGNALS = {"spans", "metric_points", "log_records"};
  static final String[] PIPELINES = {"traces", "metrics", "logs"};

  private IngestBenchmark() {}

  public static void main(String[] args) throws Exception {
    String mode = args.length > 0 ? args[0] : "pipeline";
    int iterations = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    List<CollectorId> ids = new ArrayList<>();
    for (int c = 0; c < COLLECTORS; c++) {
      ids.add(CollectorId.of(String.format(Locale.ROOT, "0190f3c2-0000-7000-8000-%012d", c)));
    }
    List<byte[]> requests = new ArrayList<>();
    int pointsPerRequest = 0;
    for (int round = 0; round < ROUNDS; round++) {
      for (CollectorId id : ids) {
        ExportMetricsServiceRequest r = push(id.value(), round);
        pointsPerRequest = points(r);
        requests.add(r.toByteArray());
      }
    }
    long bytes = requests.stream().mapToLong(b -> b.length).sum();
    System.out.printf(
        Locale.ROOT,
        "%d requests, %d data points each, %.1f KiB average%n",
        requests.size(),
        pointsPerRequest,
        bytes / 1024.0 / requests.size());
    for (int i = 0; i < iterations; i++) {
      Fleet fleet = new Fleet(ids);
      long start = System.nanoTime();
      long cpuStart = PROCESS.getProcessCpuTime();
      if (mode.equals("http")) {
        http(fleet, requests);
      } else {
        pipeline(fleet, requests);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      double cpuSeconds = (PROCESS.getProcessCpuTime() - cpuStart) / 1e9;
      double points = (double) requests.size() * pointsPerRequest;
      System.out.printf(
          Locale.ROOT,
          "%s iteration %d: %,.0f data points/s wall (%,.0f requests/s); %,.0f data points per"
              + " CPU-second of the whole process (GC, JIT, and in http mode the client)%n",
          mode,
          i,
          points / seconds,
          requests.size() / seconds,
          points / cpuSeconds);
    }
  }

  static void pipeline(Fleet fleet, List<byte[]> requests) {
    for (int i = 0; i < requests.size(); i++) {
      String secret = fleet.credentials.get(i % COLLECTORS);
      CollectorAuthentication auth =
          fleet.domain.fleet().authenticate(new AuthenticateCollectorCommand(secret));
      ExportMetricsServiceRequest export =
          OtlpCodec.decode(OtlpCodec.Format.PROTOBUF, requests.get(i));
      for (ResourceMetrics rm : export.getResourceMetricsList()) {
        MetricsTranslator.Resource resource = MetricsTranslator.translate(rm);
        RecordOwnMetricsOutcome outcome =
            fleet
                .domain
                .throughput()
                .record(
                    new RecordOwnMetricsCommand(auth, resource.attributes(), resource.samples()));
        if (!(outcome instanceof RecordOwnMetricsOutcome.Recorded)) {
          throw new IllegalStateException("rejected: " + outcome);
        }
      }
    }
  }

  static void http(Fleet fleet, List<byte[]> requests) throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server, 1, 1);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    server.setHandler(
        OtlpReceiver.builder()
            .authenticator(fleet.domain.fleet())
            .metrics(fleet.domain.throughput())
            .build());
    server.start();
    try {
      URI url = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/v1/metrics");
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      for (int i = 0; i < requests.size(); i++) {
        HttpResponse<byte[]> response =
            client.send(
                HttpRequest.newBuilder(url)
                    .header("Content-Type", "application/x-protobuf")
                    .header("Authorization", "Bearer " + fleet.credentials.get(i % COLLECTORS))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(requests.get(i)))
                    .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200 || response.body().length != 0) {
          throw new IllegalStateException("status " + response.statusCode());
        }
      }
    } finally {
      server.stop();
    }
  }

  /** A fresh domain with every collector enrolled (not timed). */
  static final class Fleet {
    final LinkMeshDomain domain;
    final List<String> credentials = new ArrayList<>();

    Fleet(List<CollectorId> ids) {
      domain =
          LinkMeshDomain.builder()
              .store(new InMemoryRevisionStore())
              .auditLog(new InMemoryAuditLog())
              .secrets(new SequentialSecretGenerator())
              .clock(MutableClock.at("2026-11-26T10:00:00Z"))
              .build();
      String token =
          domain
              .enrollment()
              .mint(
                  new MintEnrollmentTokenCommand(Actor.system(), Duration.ofHours(1), 0, Map.of()))
              .token();
      for (CollectorId id : ids) {
        ConnectOutcome outcome =
            domain
                .fleet()
                .connect(
                    new ConnectCollectorCommand(
                        domain.fleet().authenticate(new AuthenticateCollectorCommand(token)),
                        id,
                        CollectorRuntime.OTELCOL,
                        Transport.WEBSOCKET,
                        null,
                        Map.of(),
                        ConnectCollectorCommand.CredentialRequest.IF_MISSING,
                        null,
                        "127.0.0.1"));
        credentials.add(((ConnectOutcome.Connected) outcome).issuedCredential());
      }
    }
  }

  static int points(ExportMetricsServiceRequest r) {
    int n = 0;
    for (ResourceMetrics rm : r.getResourceMetricsList()) {
      for (ScopeMetrics sm : rm.getScopeMetricsList()) {
        for (Metric m : sm.getMetricsList()) {
          n +=
              m.hasSum()
                  ? m.getSum().getDataPointsCount()
                  : m.hasGauge()
                      ? m.getGauge().getDataPointsCount()
                      : m.getHistogram().getDataPointsCount();
        }
      }
    }
    return n;
  }

  /** One push of a collector with 2 receivers, 3 processors and 3 exporters. */
  static ExportMetricsServiceRequest push(String instanceId, int round) {
    long start = T0 - 3_600_000_000_000L;
    long time = T0 + round * 10_000_000_000L;
    long base = round * 1000L;
    ScopeMetrics.Builder scope = ScopeMetrics.newBuilder();
    for (String transport : new String[] {"grpc", "http"}) {
      for (int s = 0; s < 3; s++) {
        for (String measure : new String[] {"accepted", "refused", "failed"}) {
          scope.addMetrics(
              counter(
                  "otelcol_receiver_" + measure + "_" + SIGNALS[s],
                  start,
                  time,
                  base,
                  kv("receiver", "otlp"),
                  kv("transport", transport)));
        }
      }
    }
    for (String processor : new String[] {"memory_limiter", "batch", "filter/drop"}) {
      for (int s = 0; s < 3; s++) {
        scope.addMetrics(
            counter(
                "otelcol_processor_incoming_items",
                start,
                time,
                base,
                kv("processor", processor),
                kv("otel.signal", PIPELINES[s])));
        scope.addMetrics(
            counter(
                "otelcol_processor_outgoing_items",
                start,
                time,
                base * 2 / 3,
                kv("processor", processor),
                kv("otel.signal", PIPELINES[s])));
      }
    }
    String[] exporters = {"otlp", "otlphttp/loki", "prometheusremotewrite"};
    for (int e = 0; e < 3; e++) {
      for (String measure : new String[] {"sent", "send_failed", "enqueue_failed"}) {
        scope.addMetrics(
            counter(
                "otelcol_exporter_" + measure + "_" + SIGNALS[e],
                start,
                time,
                base,
                kv("exporter", exporters[e])));
      }
      scope.addMetrics(
          gauge(
              "otelcol_exporter_queue_size",
              time,
              round % 50,
              kv("exporter", exporters[e]),
              kv("data_type", PIPELINES[e])));
      scope.addMetrics(
          gauge(
              "otelcol_exporter_queue_capacity",
              time,
              1000,
              kv("exporter", exporters[e]),
              kv("data_type", PIPELINES[e])));
    }
    for (String process :
        new String[] {
          "otelcol_process_uptime",
          "otelcol_process_cpu_seconds",
          "otelcol_process_memory_rss",
          "otelcol_process_runtime_heap_alloc_bytes",
          "otelcol_process_runtime_total_alloc_bytes",
          "otelcol_process_runtime_total_sys_memory_bytes"
        }) {
      scope.addMetrics(counter(process, start, time, base));
    }
    HistogramDataPoint.Builder histogram =
        HistogramDataPoint.newBuilder()
            .setStartTimeUnixNano(start)
            .setTimeUnixNano(time)
            .setCount(base)
            .setSum(base * 0.01)
            .addAttributes(kv("http.route", "/v1/traces"));
    for (int b = 0; b < 15; b++) {
      histogram.addExplicitBounds(b * 5.0).addBucketCounts(base / 16);
    }
    histogram.addBucketCounts(0);
    scope.addMetrics(
        Metric.newBuilder()
            .setName("http.server.request.duration")
            .setHistogram(
                Histogram.newBuilder()
                    .setAggregationTemporality(
                        AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                    .addDataPoints(histogram)));
    return ExportMetricsServiceRequest.newBuilder()
        .addResourceMetrics(
            ResourceMetrics.newBuilder()
                .setResource(
                    Resource.newBuilder()
                        .addAttributes(kv("service.instance.id", instanceId))
                        .addAttributes(kv("service.name", "otelcol-contrib"))
                        .addAttributes(kv("service.version", "0.139.0"))
                        .addAttributes(kv("host.name", "web-01")))
                .addScopeMetrics(scope))
        .build();
  }

  static KeyValue kv(String key, String value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setStringValue(value))
        .build();
  }

  static Metric counter(String name, long start, long time, long value, KeyValue... attributes) {
    NumberDataPoint.Builder point =
        NumberDataPoint.newBuilder()
            .setStartTimeUnixNano(start)
            .setTimeUnixNano(time)
            .setAsInt(value);
    for (KeyValue a : attributes) {
      point.addAttributes(a);
    }
    return Metric.newBuilder()
        .setName(name)
        .setSum(
            Sum.newBuilder()
                .setIsMonotonic(true)
                .setAggregationTemporality(
                    AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                .addDataPoints(point))
        .build();
  }

  static Metric gauge(String name, long time, long value, KeyValue... attributes) {
    NumberDataPoint.Builder point =
        NumberDataPoint.newBuilder().setTimeUnixNano(time).setAsInt(value);
    for (KeyValue a : attributes) {
      point.addAttributes(a);
    }
    return Metric.newBuilder()
        .setName(name)
        .setGauge(Gauge.newBuilder().addDataPoints(point))
        .build();
  }
}
