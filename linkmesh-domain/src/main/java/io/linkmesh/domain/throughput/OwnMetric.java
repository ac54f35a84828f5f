package io.linkmesh.domain.throughput;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * What one of the collector's own metric names measures.
 *
 * <p>{@link #parse} accepts the names as current and older collectors emit them: with or without
 * the {@code otelcol_} prefix, with dots or underscores, and with the Prometheus {@code _total}
 * suffix: {@code otelcol_receiver_accepted_spans}, {@code otelcol_receiver_accepted_spans_total},
 * {@code receiver_accepted_spans}, {@code otelcol.receiver.accepted.spans} all mean the same.
 *
 * <table>
 *   <caption>Recognised names (after normalisation; X = spans, metric_points or log_records)</caption>
 *   <tr><td>{@code receiver_accepted_X}, {@code receiver_refused_X}, {@code receiver_failed_X}</td></tr>
 *   <tr><td>{@code processor_incoming_items}, {@code processor_outgoing_items} (signal from the
 *       {@code otel.signal} attribute), {@code processor_accepted_X}, {@code processor_refused_X},
 *       {@code processor_dropped_X} (older collectors)</td></tr>
 *   <tr><td>{@code exporter_sent_X}, {@code exporter_send_failed_X},
 *       {@code exporter_enqueue_failed_X}, {@code exporter_queue_size},
 *       {@code exporter_queue_capacity}</td></tr>
 * </table>
 *
 * @param signal the signal the name states, or null when a data point attribute says it
 */
public record OwnMetric(ComponentKind kind, Measure measure, @Nullable Signal signal) {
  private static final int CACHE_LIMIT = 4096;
  private static final Map<String, Optional<OwnMetric>> CACHE = new ConcurrentHashMap<>();

  public OwnMetric {
    requireNonNull(kind, "kind");
    requireNonNull(measure, "measure");
  }

  /** What {@code name} measures, or empty for every other metric (process, runtime, http...). */
  public static Optional<OwnMetric> parse(String name) {
    Optional<OwnMetric> cached = CACHE.get(name);
    if (cached != null) {
      return cached;
    }
    Optional<OwnMetric> parsed = Optional.ofNullable(parseUncached(name));
    if (CACHE.size() < CACHE_LIMIT) {
      CACHE.put(name, parsed);
    }
    return parsed;
  }

  private static @Nullable OwnMetric parseUncached(String raw) {
    String n = raw.replace('.', '_');
    if (n.startsWith("otelcol_")) {
      n = n.substring("otelcol_".length());
    }
    if (n.endsWith("_total")) {
      n = n.substring(0, n.length() - "_total".length());
    }
    for (ComponentKind kind : ComponentKind.values()) {
      String prefix = kind.wireName() + "_";
      if (n.startsWith(prefix)) {
        return parseRest(kind, n.substring(prefix.length()));
      }
    }
    return null;
  }

  private static @Nullable OwnMetric parseRest(ComponentKind kind, String rest) {
    switch (kind) {
      case PROCESSOR:
        if (rest.equals("incoming_items")) {
          return new OwnMetric(kind, Measure.INCOMING, null);
        }
        if (rest.equals("outgoing_items")) {
          return new OwnMetric(kind, Measure.OUTGOING, null);
        }
        return withSignal(kind, rest, Measure.ACCEPTED, Measure.REFUSED, Measure.DROPPED);
      case EXPORTER:
        if (rest.equals("queue_size")) {
          return new OwnMetric(kind, Measure.QUEUE_SIZE, null);
        }
        if (rest.equals("queue_capacity")) {
          return new OwnMetric(kind, Measure.QUEUE_CAPACITY, null);
        }
        return withSignal(kind, rest, Measure.SENT, Measure.SEND_FAILED, Measure.ENQUEUE_FAILED);
      case RECEIVER:
      default:
        return withSignal(kind, rest, Measure.ACCEPTED, Measure.REFUSED, Measure.FAILED);
    }
  }

  private static @Nullable OwnMetric withSignal(
      ComponentKind kind, String rest, Measure... measures) {
    for (Measure m : measures) {
      String prefix = snake(m) + "_";
      if (rest.startsWith(prefix)) {
        Optional<Signal> signal = Signal.parse(rest.substring(prefix.length()));
        if (signal.isPresent() && signal.get().wireName().equals(rest.substring(prefix.length()))) {
          return new OwnMetric(kind, m, signal.get());
        }
      }
    }
    return null;
  }

  private static String snake(Measure m) {
    switch (m) {
      case SEND_FAILED:
        return "send_failed";
      case ENQUEUE_FAILED:
        return "enqueue_failed";
      default:
        return m.wireName();
    }
  }
}
