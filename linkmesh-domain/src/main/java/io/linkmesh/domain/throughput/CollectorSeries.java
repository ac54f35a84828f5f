package io.linkmesh.domain.throughput;

import io.linkmesh.domain.fleet.CollectorId;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One collector's counter state and points. Not thread-safe: {@link FleetThroughput} locks it.
 *
 * <p>Points are stored compactly: one {@code double[]} per point, indexed by the collector's table
 * of {@link RateKey}s (NaN where a key had no value).
 */
final class CollectorSeries {
  static final long BASE_BYTES = 256;
  static final long POINT_BYTES = 64;
  static final long KEY_BYTES = 160;
  static final long STREAM_BYTES = 200;
  static final long ATTRIBUTE_BYTES = 96;
  static final int MAX_COMPONENT_ID = 256;

  private static final Comparator<RateKey> KEY_ORDER =
      Comparator.comparing(RateKey::kind)
          .thenComparing(RateKey::component)
          .thenComparing(k -> k.signal() == null ? -1 : k.signal().ordinal())
          .thenComparing(RateKey::measure);

  private final CollectorId id;
  private final ThroughputLimits limits;
  private final long maxGapNanos;
  private final Map<StreamKey, Stream> streams = new HashMap<>();
  private final List<RateKey> keys = new ArrayList<>();
  private final Map<RateKey, Integer> keyIndex = new HashMap<>();
  private final ArrayDeque<Point> points = new ArrayDeque<>();
  private long lastSweepMillis;
  long bytes = BASE_BYTES;
  long updatedMillis;
  boolean evicted;

  CollectorSeries(CollectorId id, ThroughputLimits limits) {
    this.id = id;
    this.limits = limits;
    this.maxGapNanos = limits.maxGap().toNanos();
  }

  /** Takes one push; returns how many samples were throughput metrics it could use. */
  int record(List<MetricSample> samples, long nowMillis) {
    updatedMillis = nowMillis;
    double[] acc = new double[Math.max(8, keys.size())];
    Arrays.fill(acc, Double.NaN);
    long at = 0;
    int used = 0;
    for (MetricSample sample : samples) {
      OwnMetric metric = OwnMetric.parse(sample.name()).orElse(null);
      if (metric == null || !Double.isFinite(sample.value()) || sample.epochNanos() == 0) {
        continue;
      }
      Map<String, String> attributes = sample.attributes();
      String component = componentId(metric.kind(), attributes);
      if (component == null) {
        continue;
      }
      Measure measure = metric.measure();
      Signal signal = metric.signal();
      if (signal == null && !measure.isLevel()) {
        signal = signalAttribute(attributes);
        if (signal == null) {
          continue;
        }
      }
      int k = keyFor(new RateKey(metric.kind(), component, signal, measure));
      if (k < 0) {
        continue;
      }
      if (!measure.isLevel() && sample.value() < 0) {
        continue;
      }
      Stream stream = stream(sample, nowMillis);
      if (stream == null) {
        continue;
      }
      double value;
      if (measure.isLevel()) {
        value = stream.observeLevel(sample.epochNanos(), sample.value());
      } else {
        value =
            sample.kind() == MetricSample.Kind.DELTA_SUM
                ? stream.observeDelta(sample.startEpochNanos(), sample.epochNanos(), sample.value())
                : stream.observeCumulative(
                    sample.startEpochNanos(), sample.epochNanos(), sample.value());
      }
      used++;
      at = Math.max(at, sample.epochNanos());
      if (!Double.isNaN(value)) {
        if (k >= acc.length) {
          int old = acc.length;
          acc = Arrays.copyOf(acc, Math.max(k + 1, old * 2));
          Arrays.fill(acc, old, acc.length, Double.NaN);
        }
        acc[k] = Double.isNaN(acc[k]) ? value : acc[k] + value;
      }
    }
    if (at > 0) {
      append(at, acc, nowMillis);
    }
    trim(nowMillis);
    return used;
  }

  private void append(long at, double[] acc, long nowMillis) {
    Point last = points.peekLast();
    if (last != null && last.atNanos == at) {
      double[] merged = last.values;
      if (merged.length < keys.size()) {
        int old = merged.length;
        merged = Arrays.copyOf(merged, keys.size());
        Arrays.fill(merged, old, merged.length, Double.NaN);
        bytes += 8L * (merged.length - old);
        last.values = merged;
      }
      for (int k = 0; k < Math.min(acc.length, merged.length); k++) {
        if (!Double.isNaN(acc[k])) {
          merged[k] = Double.isNaN(merged[k]) ? acc[k] : merged[k] + acc[k];
        }
      }
      return;
    }
    if (last != null && at < last.atNanos) {
      return; // an older push arriving late: its counters were already folded into the state
    }
    double[] values = Arrays.copyOf(acc, keys.size());
    if (acc.length < values.length) {
      Arrays.fill(values, acc.length, values.length, Double.NaN); // keys with no rate this push
    }
    points.addLast(new Point(at, nowMillis, values));
    bytes += POINT_BYTES + 8L * values.length;
  }

  private void trim(long nowMillis) {
    long oldest = nowMillis - limits.retention().toMillis();
    while (!points.isEmpty()
        && (points.size() > limits.maxPointsPerCollector()
            || points.peekFirst().receivedMillis < oldest)) {
      dropOldestPoint();
    }
    if (nowMillis - lastSweepMillis > limits.retention().toMillis() / 12) {
      lastSweepMillis = nowMillis;
      Iterator<Map.Entry<StreamKey, Stream>> it = streams.entrySet().iterator();
      while (it.hasNext()) {
        Map.Entry<StreamKey, Stream> e = it.next();
        if (e.getValue().seenMillis < oldest) {
          bytes -= streamBytes(e.getKey());
          it.remove();
        }
      }
    }
  }

  /** Drops the oldest point; false when there was none. */
  boolean dropOldestPoint() {
    Point p = points.pollFirst();
    if (p == null) {
      return false;
    }
    bytes -= POINT_BYTES + 8L * p.values.length;
    return true;
  }

  private int keyFor(RateKey key) {
    Integer index = keyIndex.get(key);
    if (index != null) {
      return index;
    }
    if (keys.size() >= limits.maxStreamsPerCollector()) {
      return -1;
    }
    keys.add(key);
    keyIndex.put(key, keys.size() - 1);
    bytes += KEY_BYTES + 2L * key.component().length();
    return keys.size() - 1;
  }

  private @Nullable Stream stream(MetricSample sample, long nowMillis) {
    StreamKey key = new StreamKey(sample.name(), sample.attributes());
    Stream stream = streams.get(key);
    if (stream == null) {
      if (streams.size() >= limits.maxStreamsPerCollector()) {
        return null;
      }
      stream = new Stream();
      streams.put(key, stream);
      bytes += streamBytes(key);
    }
    stream.seenMillis = nowMillis;
    return stream;
  }

  private static long streamBytes(StreamKey key) {
    return STREAM_BYTES + 2L * key.name().length() + ATTRIBUTE_BYTES * key.attributes().size();
  }

  private static @Nullable String componentId(ComponentKind kind, Map<String, String> attributes) {
    String id = attributes.get(kind.wireName());
    if (id == null) {
      id = attributes.get("otelcol.component.id");
    }
    if (id == null) {
      id = attributes.get("component_id"); // Alloy's label for its otelcol.* components
    }
    if (id == null || id.isEmpty() || id.length() > MAX_COMPONENT_ID) {
      return null;
    }
    return id;
  }

  private static @Nullable Signal signalAttribute(Map<String, String> attributes) {
    String s = attributes.get("otel.signal");
    if (s == null) {
      s = attributes.get("otelcol.signal");
    }
    if (s == null) {
      s = attributes.get("otel_signal");
    }
    return s == null ? null : Signal.parse(s).orElse(null);
  }

  // ---- reading -----------------------------------------------------------------------------

  CollectorThroughput view(long nowMillis) {
    long oldest = nowMillis - limits.retention().toMillis();
    List<Integer> order = new ArrayList<>(keys.size());
    for (int i = 0; i < keys.size(); i++) {
      order.add(i);
    }
    order.sort(Comparator.comparing(keys::get, KEY_ORDER));
    List<ThroughputPoint> series = new ArrayList<>(points.size());
    for (Point p : points) {
      if (p.receivedMillis >= oldest) {
        series.add(new ThroughputPoint(instant(p.atNanos), components(p.values, order)));
      }
    }
    double[] latest = new double[keys.size()];
    Arrays.fill(latest, Double.NaN);
    Point newest = points.peekLast();
    if (newest != null && newest.receivedMillis >= oldest) {
      long horizon = newest.atNanos - maxGapNanos;
      Iterator<Point> it = points.descendingIterator();
      while (it.hasNext()) {
        Point p = it.next();
        if (p.atNanos < horizon || p.receivedMillis < oldest) {
          break;
        }
        for (int k = 0; k < Math.min(p.values.length, latest.length); k++) {
          if (Double.isNaN(latest[k])) {
            latest[k] = p.values[k];
          }
        }
      }
    }
    return new CollectorThroughput(
        id,
        Instant.ofEpochMilli(updatedMillis),
        components(latest, order),
        series,
        limits.retention());
  }

  private List<ComponentThroughput> components(double[] values, List<Integer> order) {
    List<ComponentThroughput> out = new ArrayList<>();
    RateKey current = null;
    Map<Signal, Map<Measure, Double>> rates = new EnumMap<>(Signal.class);
    Double queueSize = null;
    Double queueCapacity = null;
    for (int k : order) {
      if (k >= values.length || Double.isNaN(values[k])) {
        continue;
      }
      RateKey key = keys.get(k);
      if (current != null
          && (current.kind() != key.kind() || !current.component().equals(key.component()))) {
        out.add(component(current, rates, queueSize, queueCapacity));
        rates = new EnumMap<>(Signal.class);
        queueSize = null;
        queueCapacity = null;
      }
      current = key;
      double v = values[k];
      if (key.measure() == Measure.QUEUE_SIZE) {
        queueSize = queueSize == null ? v : queueSize + v;
      } else if (key.measure() == Measure.QUEUE_CAPACITY) {
        queueCapacity = queueCapacity == null ? v : queueCapacity + v;
      } else if (key.signal() != null) {
        rates
            .computeIfAbsent(key.signal(), s -> new EnumMap<>(Measure.class))
            .put(key.measure(), v);
      }
    }
    if (current != null) {
      out.add(component(current, rates, queueSize, queueCapacity));
    }
    return out;
  }

  private static ComponentThroughput component(
      RateKey key,
      Map<Signal, Map<Measure, Double>> rates,
      @Nullable Double queueSize,
      @Nullable Double queueCapacity) {
    List<SignalRates> signals = new ArrayList<>(rates.size());
    rates.forEach((signal, perSecond) -> signals.add(new SignalRates(signal, perSecond)));
    return new ComponentThroughput(key.kind(), key.component(), signals, queueSize, queueCapacity);
  }

  private static Instant instant(long epochNanos) {
    return Instant.ofEpochSecond(epochNanos / 1_000_000_000L, epochNanos % 1_000_000_000L);
  }

  // ---- parts -------------------------------------------------------------------------------

  /** What a rate or level is about; one column of the point table. */
  record RateKey(ComponentKind kind, String component, @Nullable Signal signal, Measure measure) {}

  /** One data point stream: metric name plus its attributes. */
  record StreamKey(String name, Map<String, String> attributes) {}

  private static final class Point {
    final long atNanos;
    final long receivedMillis;
    double[] values;

    Point(long atNanos, long receivedMillis, double[] values) {
      this.atNanos = atNanos;
      this.receivedMillis = receivedMillis;
      this.values = values;
    }
  }

  /** The last observation of one stream, to turn the next one into a rate. */
  private final class Stream {
    boolean seen;
    long start;
    long time;
    double value;
    long seenMillis;

    /**
     * The rate since the previous observation of a cumulative sum, or NaN when there is none (the
     * first sight of a long-running counter, a duplicate, or a silence longer than maxGap). A
     * restart (new start time) counts from the new start; a reset without a start time counts the
     * new value from zero, never negative.
     */
    double observeCumulative(long newStart, long t, double v) {
      if (!seen) {
        seen = true;
        set(newStart, t, v);
        return newStart > 0 && t > newStart && t - newStart <= maxGapNanos
            ? v / seconds(t - newStart)
            : Double.NaN;
      }
      if (t <= time) {
        return Double.NaN;
      }
      double rate;
      if (newStart > 0 && start > 0 && newStart != start) {
        rate =
            newStart >= time && t > newStart && t - newStart <= maxGapNanos
                ? v / seconds(t - newStart)
                : Double.NaN;
      } else if (t - time > maxGapNanos) {
        rate = Double.NaN;
      } else if (v < value) {
        rate = v / seconds(t - time);
      } else {
        rate = (v - value) / seconds(t - time);
      }
      set(newStart, t, v);
      return rate;
    }

    /** The level itself, or NaN for a repeat of an observation already taken. */
    double observeLevel(long t, double v) {
      if (seen && t <= time) {
        return Double.NaN;
      }
      seen = true;
      set(0, t, v);
      return v;
    }

    /** The rate over a delta's own interval (or since the previous delta when it has no start). */
    double observeDelta(long deltaStart, long t, double v) {
      if (seen && t <= time) {
        return Double.NaN; // a retransmitted delta must not count twice
      }
      long from = deltaStart > 0 && deltaStart < t ? deltaStart : (seen ? time : 0);
      seen = true;
      set(deltaStart, t, v);
      if (from == 0 || t - from > maxGapNanos) {
        return Double.NaN;
      }
      return v / seconds(t - from);
    }

    private void set(long newStart, long t, double v) {
      start = newStart;
      time = t;
      value = v;
    }

    private double seconds(long nanos) {
      return nanos / 1e9;
    }
  }
}
