package io.linkmesh.domain.throughput;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One component's rates for one signal, in records per second.
 *
 * @param perSecond the rate measures that were reported (levels never appear here)
 */
public record SignalRates(Signal signal, Map<Measure, Double> perSecond) {
  public SignalRates {
    requireNonNull(signal, "signal");
    requireNonNull(perSecond, "perSecond");
    EnumMap<Measure, Double> copy = new EnumMap<>(Measure.class);
    for (Map.Entry<Measure, Double> e : perSecond.entrySet()) {
      if (e.getKey().isLevel()) {
        throw new IllegalArgumentException("a level is not a rate: " + e.getKey());
      }
      copy.put(e.getKey(), requireNonNull(e.getValue(), "rate"));
    }
    perSecond = Collections.unmodifiableMap(copy);
  }

  /** The rate of {@code measure}, or null when the collector does not report it. */
  public @Nullable Double rate(Measure measure) {
    return perSecond.get(measure);
  }

  /**
   * The share of records a processor lost, in percent: {@code (incoming - outgoing) / incoming}, or
   * for older collectors {@code dropped / (accepted + refused + dropped)}. Null when the numbers
   * are missing or nothing came in. Negative when a processor emits more than it takes in (e.g. a
   * span-to-metrics processor), so it is not clamped.
   */
  public @Nullable Double dropPercent() {
    Double in = perSecond.get(Measure.INCOMING);
    Double out = perSecond.get(Measure.OUTGOING);
    if (in != null && out != null) {
      return in > 0 ? (in - out) * 100.0 / in : null;
    }
    Double dropped = perSecond.get(Measure.DROPPED);
    if (dropped != null) {
      double total =
          dropped
              + perSecond.getOrDefault(Measure.ACCEPTED, 0.0)
              + perSecond.getOrDefault(Measure.REFUSED, 0.0);
      return total > 0 ? dropped * 100.0 / total : null;
    }
    return null;
  }
}
