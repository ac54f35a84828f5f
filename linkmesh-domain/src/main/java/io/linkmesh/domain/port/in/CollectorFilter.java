package io.linkmesh.domain.port.in;

import static java.util.Objects.requireNonNull;

import io.linkmesh.domain.fleet.Collector;
import io.linkmesh.domain.fleet.CollectorRuntime;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Which collectors to list; null and empty parts match everything. */
public record CollectorFilter(
    @Nullable CollectorRuntime runtime, Map<String, String> labels, @Nullable Boolean connected) {
  public static final CollectorFilter ALL = new CollectorFilter(null, Map.of(), null);

  public CollectorFilter {
    labels = Map.copyOf(requireNonNull(labels, "labels"));
  }

  public boolean accepts(Collector collector) {
    if (runtime != null && collector.runtime() != runtime) {
      return false;
    }
    if (connected != null && collector.live().connected() != connected) {
      return false;
    }
    for (Map.Entry<String, String> e : labels.entrySet()) {
      if (!e.getValue().equals(collector.labels().get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }
}
