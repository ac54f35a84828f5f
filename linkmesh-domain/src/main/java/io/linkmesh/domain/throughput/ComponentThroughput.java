package io.linkmesh.domain.throughput;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One pipeline component's numbers at one time.
 *
 * @param id the component id as configured ({@code otlp}, {@code batch}, {@code otlphttp/tempo})
 * @param signals the rates per signal, in signal order
 * @param queueSize the exporter's sending queue size (summed over its pipelines), if reported
 * @param queueCapacity the exporter's sending queue capacity (summed likewise), if reported
 */
public record ComponentThroughput(
    ComponentKind kind,
    String id,
    List<SignalRates> signals,
    @Nullable Double queueSize,
    @Nullable Double queueCapacity) {
  public ComponentThroughput {
    requireNonNull(kind, "kind");
    requireNonNull(id, "id");
    signals = List.copyOf(signals);
  }

  /** The queue fill in percent, when both size and capacity are known. */
  public @Nullable Double queueFillPercent() {
    if (queueSize == null || queueCapacity == null || queueCapacity <= 0) {
      return null;
    }
    return queueSize * 100.0 / queueCapacity;
  }

  /** The rates of one signal, or null when the component reported none for it. */
  public @Nullable SignalRates signal(Signal signal) {
    for (SignalRates s : signals) {
      if (s.signal() == signal) {
        return s;
      }
    }
    return null;
  }
}
