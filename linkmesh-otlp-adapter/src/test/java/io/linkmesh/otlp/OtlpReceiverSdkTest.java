package io.linkmesh.otlp;

import static io.linkmesh.otlp.ReceiverFixture.A;
import static io.linkmesh.otlp.ReceiverFixture.B;
import static io.opentelemetry.api.common.AttributeKey.stringKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.linkmesh.domain.throughput.ComponentKind;
import io.linkmesh.domain.throughput.ComponentThroughput;
import io.linkmesh.domain.throughput.Measure;
import io.linkmesh.domain.throughput.Signal;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.AggregationTemporalitySelector;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.metrics.internal.data.ImmutableLongPointData;
import io.opentelemetry.sdk.metrics.internal.data.ImmutableMetricData;
import io.opentelemetry.sdk.metrics.internal.data.ImmutableSumData;
import io.opentelemetry.sdk.resources.Resource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Real exports from the OpenTelemetry Java SDK's OTLP/HTTP exporter (JDK HttpClient sender). */
class OtlpReceiverSdkTest {
  static final long T0 = Instant.parse("2026-11-26T10:00:00Z").toEpochMilli() * 1_000_000L;
  static final long SECOND = 1_000_000_000L;
  static final Attributes OTLP_HTTP =
      Attributes.of(stringKey("receiver"), "otlp", stringKey("transport"), "http");

  ReceiverFixture fixture;

  @BeforeEach
  void start() throws Exception {
    fixture = new ReceiverFixture();
  }

  @AfterEach
  void stop() throws Exception {
    fixture.stop();
  }

  OtlpHttpMetricExporter exporter(String secret, boolean gzip) {
    return exporter(secret, gzip, AggregationTemporalitySelector.alwaysCumulative());
  }

  OtlpHttpMetricExporter exporter(
      String secret, boolean gzip, AggregationTemporalitySelector temporality) {
    return OtlpHttpMetricExporter.builder()
        .setEndpoint(fixture.url.toString())
        .addHeader("Authorization", "Bearer " + secret)
        .setCompression(gzip ? "gzip" : "none")
        .setTimeout(Duration.ofSeconds(10))
        .setAggregationTemporalitySelector(temporality)
        .build();
  }

  static Resource resource(String instanceId) {
    return Resource.create(
        Attributes.of(
            stringKey("service.name"),
            "otelcol-contrib",
            stringKey("service.instance.id"),
            instanceId));
  }

  /** An SDK clock the test moves by hand, so the exported timestamps are exact. */
  static final class TestClock implements io.opentelemetry.sdk.common.Clock {
    volatile long now = T0;

    @Override
    public long now() {
      return now;
    }

    @Override
    public long nanoTime() {
      return now;
    }
  }

  /** A collector's internal telemetry, as the SDK's meter provider with a periodic reader. */
  final class SdkCollector implements AutoCloseable {
    final TestClock clock = new TestClock();
    final SdkMeterProvider provider;
    final Meter meter;

    SdkCollector(String secret, String instanceId, boolean gzip) {
      this(secret, instanceId, gzip, AggregationTemporalitySelector.alwaysCumulative());
    }

    SdkCollector(
        String secret,
        String instanceId,
        boolean gzip,
        AggregationTemporalitySelector temporality) {
      provider =
          SdkMeterProvider.builder()
              .setClock(clock)
              .setResource(resource(instanceId))
              .registerMetricReader(
                  PeriodicMetricReader.builder(exporter(secret, gzip, temporality))
                      .setInterval(Duration.ofDays(1))
                      .build())
              .build();
      meter = provider.get("go.opentelemetry.io/collector/receiver/receiverhelper");
    }

    void pushAfter(int seconds) {
      clock.now += seconds * SECOND;
      CompletableResultCode result = provider.forceFlush().join(10, TimeUnit.SECONDS);
      assertThat(result.isSuccess()).as("export succeeded").isTrue();
    }

    @Override
    public void close() {
      provider.shutdown().join(10, TimeUnit.SECONDS);
    }
  }

  @Nested
  class Rates {
    @Test
    void counterGrowingBy300In30SecondsIs10PerSecond() {
      try (SdkCollector collector = new SdkCollector(fixture.credentialA, A.value(), false)) {
        LongCounter accepted =
            collector.meter.counterBuilder("otelcol_receiver_accepted_spans").build();
        accepted.add(1000, OTLP_HTTP);
        collector.pushAfter(30);
        accepted.add(300, OTLP_HTTP);
        collector.pushAfter(30);
      }

      assertThat(fixture.rate(A, ComponentKind.RECEIVER, "otlp", Signal.SPANS, Measure.ACCEPTED))
          .isCloseTo(10.0, within(1e-9));
      assertThat(fixture.domain.throughput().throughput(A).orElseThrow().series()).hasSize(2);
    }

    @Test
    void deltaTemporalityIsReadAsDeltas() {
      try (SdkCollector collector =
          new SdkCollector(
              fixture.credentialA,
              A.value(),
              false,
              AggregationTemporalitySelector.deltaPreferred())) {
        LongCounter accepted =
            collector.meter.counterBuilder("otelcol_receiver_accepted_metric_points").build();
        accepted.add(300, OTLP_HTTP);
        collector.pushAfter(60);
        accepted.add(600, OTLP_HTTP);
        collector.pushAfter(30);
      }

      // 600 in the last 30 s; read as a cumulative sum it would be (600 - 300) / 30 = 10/s.
      assertThat(
              fixture.rate(
                  A, ComponentKind.RECEIVER, "otlp", Signal.METRIC_POINTS, Measure.ACCEPTED))
          .isCloseTo(20.0, within(1e-9));
    }

    @Test
    void gzipExportsCountTheSame() {
      try (SdkCollector collector = new SdkCollector(fixture.credentialA, A.value(), true)) {
        LongCounter sent =
            collector.meter.counterBuilder("otelcol_exporter_sent_log_records").build();
        Attributes loki = Attributes.of(stringKey("exporter"), "otlphttp/loki");
        sent.add(50, loki);
        collector.pushAfter(10);
        sent.add(600, loki);
        collector.pushAfter(60);
      }

      assertThat(
              fixture.rate(
                  A, ComponentKind.EXPORTER, "otlphttp/loki", Signal.LOG_RECORDS, Measure.SENT))
          .isCloseTo(10.0, within(1e-9));
    }

    @Test
    void processorDroppingAThirdShows33Percent() {
      try (SdkCollector collector = new SdkCollector(fixture.credentialA, A.value(), false)) {
        LongCounter in = collector.meter.counterBuilder("otelcol_processor_incoming_items").build();
        LongCounter out =
            collector.meter.counterBuilder("otelcol_processor_outgoing_items").build();
        Attributes traces =
            Attributes.of(
                stringKey("processor"), "filter/drop", stringKey("otel.signal"), "traces");
        in.add(300, traces);
        out.add(200, traces);
        collector.pushAfter(30);
        in.add(300, traces);
        out.add(200, traces);
        collector.pushAfter(30);
      }

      ComponentThroughput filter =
          fixture
              .domain
              .throughput()
              .throughput(A)
              .orElseThrow()
              .component(ComponentKind.PROCESSOR, "filter/drop")
              .orElseThrow();
      assertThat(filter.signal(Signal.SPANS).dropPercent()).isCloseTo(100.0 / 3, within(1e-9));
    }

    @Test
    void exporterQueueSizeAndCapacityArrive() {
      try (SdkCollector collector = new SdkCollector(fixture.credentialA, A.value(), false)) {
        Attributes otlp =
            Attributes.of(stringKey("exporter"), "otlp", stringKey("data_type"), "traces");
        collector
            .meter
            .gaugeBuilder("otelcol_exporter_queue_size")
            .ofLongs()
            .buildWithCallback(m -> m.record(250, otlp));
        collector
            .meter
            .upDownCounterBuilder("otelcol_exporter_queue_capacity")
            .buildWithCallback(m -> m.record(1000, otlp));
        collector.pushAfter(10);
      }

      ComponentThroughput otlp =
          fixture
              .domain
              .throughput()
              .throughput(A)
              .orElseThrow()
              .component(ComponentKind.EXPORTER, "otlp")
              .orElseThrow();
      assertThat(otlp.queueSize()).isEqualTo(250.0);
      assertThat(otlp.queueCapacity()).isEqualTo(1000.0);
      assertThat(otlp.queueFillPercent()).isEqualTo(25.0);
    }
  }

  @Nested
  class ExplicitData {
    MetricData acceptedSpans(String instanceId, long start, long time, long value) {
      List<LongPointData> points =
          List.of(ImmutableLongPointData.create(start, time, OTLP_HTTP, value));
      return ImmutableMetricData.createLongSum(
          resource(instanceId),
          InstrumentationScopeInfo.create("receiverhelper"),
          "otelcol_receiver_accepted_spans",
          "",
          "{spans}",
          ImmutableSumData.create(true, AggregationTemporality.CUMULATIVE, points));
    }

    void export(String secret, MetricData data) {
      try (OtlpHttpMetricExporter exporter = exporter(secret, false)) {
        assertThat(exporter.export(List.of(data)).join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
      }
    }

    @Test
    void counterResetIsNotANegativeRate() {
      long longAgo = T0 - 86_400 * SECOND;
      export(fixture.credentialA, acceptedSpans(A.value(), longAgo, T0, 5000));
      export(
          fixture.credentialA, acceptedSpans(A.value(), T0 + 40 * SECOND, T0 + 60 * SECOND, 200));

      assertThat(fixture.rate(A, ComponentKind.RECEIVER, "otlp", Signal.SPANS, Measure.ACCEPTED))
          .isCloseTo(10.0, within(1e-9));
    }

    @Test
    void credentialCannotWriteAnotherCollectorsNumbers() {
      export(fixture.credentialA, acceptedSpans(B.value(), T0 - 30 * SECOND, T0, 300));

      assertThat(fixture.receiver.rejectedDataPoints()).isEqualTo(1);
      assertThat(fixture.domain.throughput().throughput(A)).isEmpty();
      assertThat(fixture.domain.throughput().throughput(B)).isEmpty();
    }

    @Test
    void unknownCredentialFailsTheExport() {
      try (OtlpHttpMetricExporter exporter = exporter("lm_unknown", false)) {
        CompletableResultCode result =
            exporter
                .export(List.of(acceptedSpans(A.value(), T0 - 30 * SECOND, T0, 300)))
                .join(10, TimeUnit.SECONDS);
        assertThat(result.isDone()).isTrue();
        assertThat(result.isSuccess()).isFalse();
      }
      assertThat(fixture.domain.throughput().throughput(A)).isEmpty();
    }
  }
}
