package io.linkmesh.http;

import static java.util.Objects.requireNonNull;

import io.linkmesh.domain.fleet.CollectorRuntime;
import io.linkmesh.domain.port.out.ServerMetrics;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;

/**
 * The server's metrics kept for the Prometheus text of {@code /api/v1/metrics}: counters and
 * timings keyed by a Prometheus-style name and a set of labels, safe for concurrent use and cheap
 * on the hot path (one map lookup and a {@link LongAdder} increment).
 *
 * <p>The adapters report the {@link ServerMetrics} events; the REST API counts its answers and
 * renders everything. The number of series is bounded ({@link #MAX_SERIES}): past it, new series
 * are dropped and counted in {@link #droppedSeries()}, so a label fed from client input can never
 * exhaust memory.
 *
 * <pre>{@code
 * PrometheusServerMetrics metrics = PrometheusServerMetrics.create();
 * OpampServer.builder().metrics(metrics)...;
 * RestApi.builder().metrics(metrics)...;
 * }</pre>
 */
public final class PrometheusServerMetrics implements ServerMetrics {
  /**
   * Messages exchanged with collectors; labels {@code protocol} (opamp, alloy), {@code direction}
   * (in, out).
   */
  public static final String COLLECTOR_MESSAGES = "linkmesh_collector_messages_total";

  /** Desired configs sent to collectors; label {@code protocol} (opamp, alloy). */
  public static final String CONFIG_PUSHES = "linkmesh_config_pushes_total";

  /** REST API requests answered; label {@code status} (the HTTP status code). */
  public static final String API_REQUESTS = "linkmesh_api_requests_total";

  /** Time the revision store took to commit; label {@code result} (committed, conflict, error). */
  public static final String STORE_COMMIT = "linkmesh_store_commit_seconds";

  /** The most series one registry holds. */
  public static final int MAX_SERIES = 10_000;

  private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]{0,199}");
  private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]{0,99}");

  private final Map<Series, LongAdder> counters = new ConcurrentHashMap<>();
  private final Map<Series, Timer> timers = new ConcurrentHashMap<>();
  private final LongAdder dropped = new LongAdder();

  private static final Map<String, String> OPAMP_IN =
      Map.of("protocol", "opamp", "direction", "in");
  private static final Map<String, String> OPAMP_OUT =
      Map.of("protocol", "opamp", "direction", "out");
  private static final Map<String, String> ALLOY_IN =
      Map.of("protocol", "alloy", "direction", "in");
  private static final Map<String, String> ALLOY_OUT =
      Map.of("protocol", "alloy", "direction", "out");
  private static final Map<String, String> OPAMP = Map.of("protocol", "opamp");
  private static final Map<String, String> ALLOY = Map.of("protocol", "alloy");
  private static final Map<String, String> COMMITTED = Map.of("result", "committed");
  private static final Map<String, String> CONFLICT = Map.of("result", "conflict");
  private static final Map<String, String> ERROR = Map.of("result", "error");

  private PrometheusServerMetrics() {}

  public static PrometheusServerMetrics create() {
    return new PrometheusServerMetrics();
  }

  @Override
  public void messageReceived(CollectorRuntime runtime) {
    increment(COLLECTOR_MESSAGES, runtime == CollectorRuntime.ALLOY ? ALLOY_IN : OPAMP_IN);
  }

  @Override
  public void messageSent(CollectorRuntime runtime) {
    increment(COLLECTOR_MESSAGES, runtime == CollectorRuntime.ALLOY ? ALLOY_OUT : OPAMP_OUT);
  }

  @Override
  public void configPushed(CollectorRuntime runtime) {
    increment(CONFIG_PUSHES, runtime == CollectorRuntime.ALLOY ? ALLOY : OPAMP);
  }

  @Override
  public void commitTimed(CommitOutcome outcome, long nanos) {
    observeNanos(
        STORE_COMMIT,
        switch (outcome) {
          case COMMITTED -> COMMITTED;
          case CONFLICT -> CONFLICT;
          case ERROR -> ERROR;
        },
        nanos);
  }

  /** One REST API answer with this HTTP status. */
  public void apiRequestAnswered(int status) {
    increment(API_REQUESTS, Map.of("status", Integer.toString(status)));
  }

  /** Adds one to the counter {@code name} with these labels. */
  void increment(String name, Map<String, String> labels) {
    add(name, labels, 1);
  }

  /** Adds {@code amount} (not negative) to the counter {@code name} with these labels. */
  void add(String name, Map<String, String> labels, long amount) {
    if (amount < 0) {
      throw new IllegalArgumentException("a counter only grows: " + amount);
    }
    LongAdder adder = counters.get(new Series(name, labels));
    if (adder == null) {
      if (size() >= MAX_SERIES) {
        dropped.increment();
        return;
      }
      adder = counters.computeIfAbsent(Series.checked(name, labels), s -> new LongAdder());
    }
    adder.add(amount);
  }

  /** Records one duration, in nanoseconds, of the timing {@code name} with these labels. */
  void observeNanos(String name, Map<String, String> labels, long nanos) {
    if (nanos < 0) {
      throw new IllegalArgumentException("a duration is not negative: " + nanos);
    }
    Timer timer = timers.get(new Series(name, labels));
    if (timer == null) {
      if (size() >= MAX_SERIES) {
        dropped.increment();
        return;
      }
      timer = timers.computeIfAbsent(Series.checked(name, labels), s -> new Timer());
    }
    timer.count.increment();
    timer.sumNanos.add(nanos);
  }

  /** The counter's value now, 0 for a series never incremented. */
  long counter(String name, Map<String, String> labels) {
    LongAdder adder = counters.get(new Series(name, labels));
    return adder == null ? 0 : adder.sum();
  }

  /** Every counter, ordered by name and labels. */
  public List<CounterSample> counters() {
    List<CounterSample> out = new ArrayList<>();
    counters.forEach((s, v) -> out.add(new CounterSample(s.name(), s.labels(), v.sum())));
    out.sort(Comparator.comparing(CounterSample::name).thenComparing(c -> c.labels().toString()));
    return out;
  }

  /** Every timing, ordered by name and labels. */
  public List<TimingSample> timings() {
    List<TimingSample> out = new ArrayList<>();
    timers.forEach(
        (s, t) -> out.add(new TimingSample(s.name(), s.labels(), t.count.sum(), t.sumNanos.sum())));
    out.sort(Comparator.comparing(TimingSample::name).thenComparing(c -> c.labels().toString()));
    return out;
  }

  /** How many increments were dropped because the registry was full. */
  public long droppedSeries() {
    return dropped.sum();
  }

  private int size() {
    return counters.size() + timers.size();
  }

  /** One counter series and its value; labels sorted by name. */
  public record CounterSample(String name, Map<String, String> labels, long value) {
    public CounterSample {
      requireNonNull(name, "name");
      labels = Collections.unmodifiableSortedMap(new TreeMap<>(labels));
    }
  }

  /** One timing series: how many durations and their sum. */
  public record TimingSample(String name, Map<String, String> labels, long count, long sumNanos) {
    public TimingSample {
      requireNonNull(name, "name");
      labels = Collections.unmodifiableSortedMap(new TreeMap<>(labels));
    }
  }

  private record Series(String name, Map<String, String> labels) {
    Series {
      requireNonNull(name, "name");
      requireNonNull(labels, "labels");
    }

    static Series checked(String name, Map<String, String> labels) {
      if (!NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("not a metric name: '" + name + "'");
      }
      for (Map.Entry<String, String> e : labels.entrySet()) {
        if (!LABEL.matcher(e.getKey()).matches() || e.getKey().startsWith("__")) {
          throw new IllegalArgumentException("not a label name: '" + e.getKey() + "'");
        }
        requireNonNull(e.getValue(), e.getKey());
      }
      return new Series(name, Map.copyOf(labels));
    }
  }

  private static final class Timer {
    final LongAdder count = new LongAdder();
    final LongAdder sumNanos = new LongAdder();
  }
}
