package io.linkmesh.http.internal;

import io.linkmesh.domain.fleet.Collector;
import io.linkmesh.domain.fleet.CollectorRuntime;
import io.linkmesh.domain.fleet.Transport;
import io.linkmesh.domain.port.in.CollectorFilter;
import io.linkmesh.domain.port.in.FleetQueries;
import io.linkmesh.http.PrometheusServerMetrics;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The server's metrics in the Prometheus text exposition format 0.0.4. */
final class PrometheusText {
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private static final Map<String, String> HELP =
      Map.of(
          PrometheusServerMetrics.COLLECTOR_MESSAGES,
          "Messages exchanged with collectors, by protocol and direction.",
          PrometheusServerMetrics.CONFIG_PUSHES,
          "Desired configs sent to collectors, by protocol.",
          PrometheusServerMetrics.API_REQUESTS,
          "REST API requests answered, by HTTP status.",
          PrometheusServerMetrics.STORE_COMMIT,
          "Time the revision store took to commit, by result.");

  private PrometheusText() {}

  static String render(PrometheusServerMetrics metrics, FleetQueries fleet) {
    StringBuilder out = new StringBuilder();
    collectors(out, fleet);

    String current = null;
    for (PrometheusServerMetrics.CounterSample sample : metrics.counters()) {
      if (!sample.name().equals(current)) {
        current = sample.name();
        header(out, current, "counter");
      }
      out.append(current).append(labels(sample.labels())).append(' ').append(sample.value());
      out.append('\n');
    }
    current = null;
    for (PrometheusServerMetrics.TimingSample sample : metrics.timings()) {
      if (!sample.name().equals(current)) {
        current = sample.name();
        header(out, current, "summary");
      }
      String labels = labels(sample.labels());
      out.append(current).append("_count").append(labels).append(' ').append(sample.count());
      out.append('\n');
      out.append(current).append("_sum").append(labels).append(' ');
      out.append(seconds(sample.sumNanos())).append('\n');
    }
    header(out, "linkmesh_metrics_dropped_series_total", "counter");
    out.append("linkmesh_metrics_dropped_series_total ")
        .append(metrics.droppedSeries())
        .append('\n');

    MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    gauge(out, "jvm_memory_heap_used_bytes", "JVM heap in use.", heap.getUsed());
    gauge(out, "jvm_memory_heap_committed_bytes", "JVM heap committed.", heap.getCommitted());
    gauge(out, "jvm_memory_heap_max_bytes", "JVM heap limit, -1 when unbounded.", heap.getMax());
    return out.toString();
  }

  private static void collectors(StringBuilder out, FleetQueries fleet) {
    Map<String, Long> connected = new TreeMap<>();
    Map<String, Long> registered = new TreeMap<>();
    for (CollectorRuntime runtime : CollectorRuntime.values()) {
      registered.put(runtime.wireName(), 0L);
      for (Transport transport : transportsOf(runtime)) {
        connected.put(key(runtime, transport), 0L);
      }
    }
    List<Collector> all = fleet.collectors(CollectorFilter.ALL);
    for (Collector c : all) {
      registered.merge(c.runtime().wireName(), 1L, Long::sum);
      if (c.live().connected() && c.live().transport() != null) {
        connected.merge(key(c.runtime(), c.live().transport()), 1L, Long::sum);
      }
    }
    header(out, "linkmesh_collectors_connected", "gauge");
    connected.forEach(
        (key, count) ->
            out.append("linkmesh_collectors_connected")
                .append(key)
                .append(' ')
                .append(count)
                .append('\n'));
    header(out, "linkmesh_collectors_registered", "gauge");
    registered.forEach(
        (runtime, count) ->
            out.append("linkmesh_collectors_registered")
                .append(labels(Map.of("runtime", runtime)))
                .append(' ')
                .append(count)
                .append('\n'));
  }

  private static Set<Transport> transportsOf(CollectorRuntime runtime) {
    Set<Transport> out = new HashSet<>();
    if (runtime == CollectorRuntime.ALLOY) {
      out.add(Transport.REMOTECFG);
    } else {
      out.add(Transport.WEBSOCKET);
      out.add(Transport.HTTP);
    }
    return out;
  }

  private static String key(CollectorRuntime runtime, Transport transport) {
    return labels(Map.of("runtime", runtime.wireName(), "transport", transport.wireName()));
  }

  private static void header(StringBuilder out, String name, String type) {
    String help = HELP.get(name);
    if (help == null) {
      help =
          switch (name) {
            case "linkmesh_collectors_connected" -> "Collectors connected to this replica.";
            case "linkmesh_collectors_registered" -> "Registered collectors, by runtime.";
            case "linkmesh_metrics_dropped_series_total" ->
                "Metric updates dropped because the registry was full.";
            default -> null;
          };
    }
    if (help != null) {
      out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    }
    out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  private static void gauge(StringBuilder out, String name, String help, long value) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(" gauge\n");
    out.append(name).append(' ').append(value).append('\n');
  }

  static String labels(Map<String, String> labels) {
    if (labels.isEmpty()) {
      return "";
    }
    StringBuilder out = new StringBuilder("{");
    new TreeMap<>(labels)
        .forEach(
            (k, v) -> {
              if (out.length() > 1) {
                out.append(',');
              }
              out.append(k).append("=\"").append(escape(v)).append('"');
            });
    return out.append('}').toString();
  }

  private static String escape(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  private static String seconds(long nanos) {
    return String.format(Locale.ROOT, "%.9f", nanos / 1e9);
  }
}
