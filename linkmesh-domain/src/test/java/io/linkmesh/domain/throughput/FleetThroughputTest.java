package io.linkmesh.domain.throughput;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.linkmesh.domain.fleet.CollectorId;
import io.linkmesh.domain.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class FleetThroughputTest {
  static final CollectorId C1 = CollectorId.of("0190f3c2-0000-7000-8000-000000000001");
  static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
  // A process start well before the first push: its first sight is a baseline, not a rate.
  static final long LONG_AGO = nanos(T0.minus(Duration.ofDays(2)));

  final MutableClock clock = new MutableClock(T0);
  final FleetThroughput fleet = new FleetThroughput(ThroughputLimits.defaults(), clock);

  static long nanos(Instant i) {
    return i.getEpochSecond() * 1_000_000_000L + i.getNano();
  }

  static long at(int seconds) {
    return nanos(T0.plusSeconds(seconds));
  }

  static MetricSample cumulative(
      String name, Map<String, String> attrs, long start, long t, double v) {
    return new MetricSample(name, MetricSample.Kind.CUMULATIVE_SUM, attrs, start, t, v);
  }

  static MetricSample accepted(long start, int seconds, double v) {
    return cumulative(
        "otelcol_receiver_accepted_spans",
        Map.of("receiver", "otlp", "transport", "http"),
        start,
        at(seconds),
        v);
  }

  void push(MetricSample... samples) {
    fleet.record(C1, List.of(samples));
  }

  Double latest(ComponentKind kind, String id, Signal signal, Measure measure) {
    ComponentThroughput c = fleet.throughput(C1).orElseThrow().component(kind, id).orElseThrow();
    SignalRates rates = c.signal(signal);
    return rates == null ? null : rates.rate(measure);
  }

  Double acceptedSpans() {
    return latest(ComponentKind.RECEIVER, "otlp", Signal.SPANS, Measure.ACCEPTED);
  }

  @Nested
  class CumulativeSums {
    @Test
    void counterGrowingBy300In30SecondsIs10PerSecond() {
      push(accepted(LONG_AGO, 0, 1000));
      push(accepted(LONG_AGO, 30, 1300));

      assertThat(acceptedSpans()).isCloseTo(10.0, within(1e-9));
    }

    @Test
    void firstSightOfALongRunningCounterIsOnlyABaseline() {
      push(accepted(LONG_AGO, 0, 1000));

      assertThat(fleet.throughput(C1).orElseThrow().latest()).isEmpty();
    }

    @Test
    void manyComponentsSeenForTheFirstTimeShowNoRateRatherThanZero() {
      List<MetricSample> samples = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        samples.add(
            cumulative(
                "otelcol_exporter_sent_spans", Map.of("exporter", "e" + i), LONG_AGO, at(0), 5));
      }
      fleet.record(C1, samples);

      CollectorThroughput view = fleet.throughput(C1).orElseThrow();
      assertThat(view.latest()).isEmpty();
      assertThat(view.series())
          .singleElement()
          .satisfies(p -> assertThat(p.components()).isEmpty());
    }

    @Test
    void firstSightOfARecentlyStartedCounterCountsFromItsStart() {
      push(accepted(at(-60), 0, 600));

      assertThat(acceptedSpans()).isCloseTo(10.0, within(1e-9));
    }

    @Test
    void resetWithoutStartTimeIsNotANegativeRate() {
      push(accepted(0, 0, 1000));
      push(accepted(0, 10, 50));

      assertThat(acceptedSpans()).isCloseTo(5.0, within(1e-9));
    }

    @Test
    void restartWithANewStartTimeCountsFromTheNewStart() {
      push(accepted(LONG_AGO, 0, 5000));
      push(accepted(at(40), 60, 400));

      assertThat(acceptedSpans()).isCloseTo(20.0, within(1e-9));
    }

    @Test
    void silenceLongerThanMaxGapStartsANewBaseline() {
      push(accepted(LONG_AGO, 0, 1000));
      push(accepted(LONG_AGO, 3600, 100_000));
      assertThat(fleet.throughput(C1).orElseThrow().latest()).isEmpty();

      push(accepted(LONG_AGO, 3660, 100_600));
      assertThat(acceptedSpans()).isCloseTo(10.0, within(1e-9));
    }

    @Test
    void duplicateOrOlderObservationChangesNothing() {
      push(accepted(LONG_AGO, 0, 1000));
      push(accepted(LONG_AGO, 30, 1300));
      push(accepted(LONG_AGO, 30, 1300));
      push(accepted(LONG_AGO, 20, 1100));

      assertThat(acceptedSpans()).isCloseTo(10.0, within(1e-9));
      assertThat(fleet.throughput(C1).orElseThrow().series()).hasSize(2);
    }

    @Test
    void streamsOfOneComponentAreSummed() {
      Map<String, String> http = Map.of("receiver", "otlp", "transport", "http");
      Map<String, String> grpc = Map.of("receiver", "otlp", "transport", "grpc");
      String name = "otelcol_receiver_accepted_spans";
      push(cumulative(name, http, LONG_AGO, at(0), 0), cumulative(name, grpc, LONG_AGO, at(0), 0));
      push(
          cumulative(name, http, LONG_AGO, at(10), 100),
          cumulative(name, grpc, LONG_AGO, at(10), 50));

      assertThat(acceptedSpans()).isCloseTo(15.0, within(1e-9));
    }

    @Test
    void aPushSplitOverTwoRequestsMakesOnePoint() {
      Map<String, String> exporter = Map.of("exporter", "otlphttp/tempo");
      push(accepted(LONG_AGO, 0, 0));
      push(cumulative("otelcol_exporter_sent_spans", exporter, LONG_AGO, at(0), 0));
      push(accepted(LONG_AGO, 10, 100));
      push(cumulative("otelcol_exporter_sent_spans", exporter, LONG_AGO, at(10), 90));

      CollectorThroughput view = fleet.throughput(C1).orElseThrow();
      assertThat(view.series()).hasSize(2);
      assertThat(view.series().get(1).components()).hasSize(2);
      assertThat(latest(ComponentKind.EXPORTER, "otlphttp/tempo", Signal.SPANS, Measure.SENT))
          .isCloseTo(9.0, within(1e-9));
    }
  }

  @Nested
  class DeltaSums {
    static MetricSample delta(long start, long t, double v) {
      return new MetricSample(
          "otelcol_receiver_accepted_log_records",
          MetricSample.Kind.DELTA_SUM,
          Map.of("receiver", "filelog"),
          start,
          t,
          v);
    }

    Double rate() {
      return latest(ComponentKind.RECEIVER, "filelog", Signal.LOG_RECORDS, Measure.ACCEPTED);
    }

    @Test
    void deltaOf300Over30SecondsIs10PerSecond() {
      push(delta(at(0), at(30), 300));

      assertThat(rate()).isCloseTo(10.0, within(1e-9));
    }

    @Test
    void retransmittedDeltaDoesNotCountTwice() {
      push(delta(at(0), at(30), 300));
      push(delta(at(0), at(30), 300));

      assertThat(rate()).isCloseTo(10.0, within(1e-9));
      assertThat(fleet.throughput(C1).orElseThrow().series()).hasSize(1);
    }

    @Test
    void deltaWithoutStartTimeRunsFromThePreviousOne() {
      push(delta(0, at(0), 999));
      push(delta(0, at(20), 100));

      assertThat(rate()).isCloseTo(5.0, within(1e-9));
    }
  }

  @Nested
  class Processors {
    @Test
    void processorDroppingAThirdShows33Percent() {
      Map<String, String> traces = Map.of("processor", "filter/drop", "otel.signal", "traces");
      String in = "otelcol_processor_incoming_items";
      String out = "otelcol_processor_outgoing_items";
      push(cumulative(in, traces, LONG_AGO, at(0), 0), cumulative(out, traces, LONG_AGO, at(0), 0));
      push(
          cumulative(in, traces, LONG_AGO, at(30), 300),
          cumulative(out, traces, LONG_AGO, at(30), 200));

      SignalRates rates =
          fleet
              .throughput(C1)
              .orElseThrow()
              .component(ComponentKind.PROCESSOR, "filter/drop")
              .orElseThrow()
              .signal(Signal.SPANS);
      assertThat(rates).isNotNull();
      assertThat(rates.rate(Measure.INCOMING)).isCloseTo(10.0, within(1e-9));
      assertThat(rates.rate(Measure.OUTGOING)).isCloseTo(20.0 / 3, within(1e-9));
      assertThat(rates.dropPercent()).isCloseTo(33.33, within(0.01));
    }

    @Test
    void olderProcessorMetricsGiveTheDropShareToo() {
      Map<String, String> batch = Map.of("processor", "memory_limiter");
      push(
          cumulative("otelcol_processor_accepted_spans", batch, LONG_AGO, at(0), 0),
          cumulative("otelcol_processor_dropped_spans", batch, LONG_AGO, at(0), 0));
      push(
          cumulative("otelcol_processor_accepted_spans", batch, LONG_AGO, at(10), 150),
          cumulative("otelcol_processor_dropped_spans", batch, LONG_AGO, at(10), 50));

      assertThat(
              fleet
                  .throughput(C1)
                  .orElseThrow()
                  .component(ComponentKind.PROCESSOR, "memory_limiter")
                  .orElseThrow()
                  .signal(Signal.SPANS)
                  .dropPercent())
          .isCloseTo(25.0, within(1e-9));
    }

    @Test
    void itemsWithoutASignalAttributeAreIgnored() {
      int used =
          fleet.record(
              C1,
              List.of(
                  cumulative(
                      "otelcol_processor_incoming_items",
                      Map.of("processor", "batch"),
                      LONG_AGO,
                      at(0),
                      5)));

      assertThat(used).isZero();
    }
  }

  @Nested
  class ExporterQueues {
    @Test
    void queueSizeAndCapacityAreLevelsSummedOverPipelines() {
      MetricSample size1 =
          new MetricSample(
              "otelcol_exporter_queue_size",
              MetricSample.Kind.GAUGE,
              Map.of("exporter", "otlp", "data_type", "traces"),
              0,
              at(0),
              30);
      MetricSample size2 =
          new MetricSample(
              "otelcol_exporter_queue_size",
              MetricSample.Kind.GAUGE,
              Map.of("exporter", "otlp", "data_type", "logs"),
              0,
              at(0),
              10);
      MetricSample capacity =
          new MetricSample(
              "otelcol_exporter_queue_capacity",
              MetricSample.Kind.GAUGE,
              Map.of("exporter", "otlp"),
              0,
              at(0),
              1000);
      push(size1, size2, capacity);
      push(size1, size2, capacity); // a repeated export must not add up

      ComponentThroughput otlp =
          fleet
              .throughput(C1)
              .orElseThrow()
              .component(ComponentKind.EXPORTER, "otlp")
              .orElseThrow();
      assertThat(otlp.queueSize()).isEqualTo(40.0);
      assertThat(otlp.queueCapacity()).isEqualTo(1000.0);
      assertThat(otlp.queueFillPercent()).isEqualTo(4.0);
    }
  }

  @Nested
  class Bounds {
    @Test
    void pointsOlderThanTheRetentionAreDropped() {
      push(accepted(LONG_AGO, 0, 0));
      clock.advance(Duration.ofMinutes(50));
      push(accepted(LONG_AGO, 3000, 30_000));
      clock.advance(Duration.ofMinutes(20));
      push(accepted(LONG_AGO, 4200, 42_000));

      List<ThroughputPoint> series = fleet.throughput(C1).orElseThrow().series();
      assertThat(series)
          .extracting(ThroughputPoint::at)
          .containsExactly(T0.plusSeconds(3000), T0.plusSeconds(4200));
    }

    @Test
    void pointsPerCollectorAreCapped() {
      FleetThroughput small =
          new FleetThroughput(
              new ThroughputLimits(Duration.ofHours(1), Duration.ofMinutes(15), 3, 100, 1 << 20),
              clock);
      for (int i = 0; i < 10; i++) {
        small.record(C1, List.of(accepted(LONG_AGO, i * 10, i * 100)));
      }

      assertThat(small.throughput(C1).orElseThrow().series()).hasSize(3);
    }

    @Test
    void streamsPerCollectorAreCapped() {
      FleetThroughput small =
          new FleetThroughput(
              new ThroughputLimits(Duration.ofHours(1), Duration.ofMinutes(15), 10, 4, 1 << 20),
              clock);
      List<MetricSample> samples = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        samples.add(
            cumulative(
                "otelcol_receiver_accepted_spans",
                Map.of("receiver", "r" + i),
                LONG_AGO,
                at(0),
                1));
      }

      assertThat(small.record(C1, samples)).isEqualTo(4);
    }

    @Test
    void memoryCapForgetsTheCollectorsThatPushedLeastRecently() {
      long cap = 64 * 1024;
      FleetThroughput capped =
          new FleetThroughput(ThroughputLimits.defaults().withMaxBytes(cap), clock);
      int collectors = 100;
      for (int round = 0; round < 3; round++) {
        for (int c = 0; c < collectors; c++) {
          CollectorId id = CollectorId.of("collector-" + c);
          List<MetricSample> samples = new ArrayList<>();
          for (int r = 0; r < 5; r++) {
            samples.add(
                cumulative(
                    "otelcol_receiver_accepted_spans",
                    Map.of("receiver", "otlp/" + r),
                    LONG_AGO,
                    at(round * 10),
                    round * 100.0));
          }
          capped.record(id, samples);
          assertThat(capped.estimatedBytes()).isLessThanOrEqualTo(cap);
        }
      }

      assertThat(capped.evictions()).isPositive();
      assertThat(capped.collectors()).isLessThan(collectors);
      assertThat(capped.throughput(CollectorId.of("collector-99"))).isPresent();
      assertThat(capped.throughput(CollectorId.of("collector-0"))).isEmpty();
    }

    @Test
    void concurrentPushesKeepTheMemoryAccountExact() throws Exception {
      long cap = 256 * 1024;
      FleetThroughput capped =
          new FleetThroughput(ThroughputLimits.defaults().withMaxBytes(cap), clock);
      int threads = 4;
      int collectorsPerThread = 100;
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          int thread = t;
          done.add(
              pool.submit(
                  () -> {
                    for (int round = 0; round < 5; round++) {
                      for (int c = 0; c < collectorsPerThread; c++) {
                        // Every thread writes every collector, so series are shared and evicted
                        // while others write them.
                        CollectorId id = CollectorId.of("collector-" + c);
                        capped.record(
                            id,
                            List.of(
                                cumulative(
                                    "otelcol_receiver_accepted_spans",
                                    Map.of("receiver", "r" + thread),
                                    LONG_AGO,
                                    at(round * 10),
                                    round * 100.0)));
                      }
                    }
                  }));
        }
        for (Future<?> f : done) {
          f.get(30, TimeUnit.SECONDS);
        }
      } finally {
        pool.shutdownNow();
      }

      assertThat(capped.estimatedBytes()).isLessThanOrEqualTo(cap);
      for (int c = 0; c < collectorsPerThread; c++) {
        capped.forget(CollectorId.of("collector-" + c));
      }
      assertThat(capped.estimatedBytes()).isZero();
    }

    @Test
    void alloyComponentIdLabelNamesTheComponent() {
      push(
          cumulative(
              "otelcol_exporter_sent_spans_total",
              Map.of("component_id", "otelcol.exporter.otlp.tempo"),
              at(-10),
              at(0),
              100));

      assertThat(
              latest(
                  ComponentKind.EXPORTER,
                  "otelcol.exporter.otlp.tempo",
                  Signal.SPANS,
                  Measure.SENT))
          .isCloseTo(10.0, within(1e-9));
    }

    @Test
    void forgettingACollectorReleasesItsMemory() {
      push(accepted(LONG_AGO, 0, 0));
      assertThat(fleet.estimatedBytes()).isPositive();

      fleet.forget(C1);

      assertThat(fleet.estimatedBytes()).isZero();
      assertThat(fleet.throughput(C1)).isEmpty();
    }

    @Test
    void nonFiniteAndNegativeCountersAreIgnored() {
      int used =
          fleet.record(C1, List.of(accepted(LONG_AGO, 0, Double.NaN), accepted(LONG_AGO, 0, -5)));

      assertThat(used).isZero();
    }
  }
}
