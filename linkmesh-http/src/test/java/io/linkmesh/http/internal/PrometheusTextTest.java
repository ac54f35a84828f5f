package io.linkmesh.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.linkmesh.domain.fleet.Collector;
import io.linkmesh.domain.fleet.CollectorEvent;
import io.linkmesh.domain.fleet.CollectorId;
import io.linkmesh.domain.fleet.CollectorRuntime;
import io.linkmesh.domain.port.in.CollectorFilter;
import io.linkmesh.domain.port.in.FleetQueries;
import io.linkmesh.domain.port.out.ServerMetrics;
import io.linkmesh.domain.port.out.ServerMetrics.CommitOutcome;
import io.linkmesh.http.PrometheusServerMetrics;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {
  static final FleetQueries NO_COLLECTORS =
      new FleetQueries() {
        @Override
        public List<Collector> collectors(CollectorFilter filter) {
          return List.of();
        }

        @Override
        public Optional<Collector> collector(CollectorId id) {
          return Optional.empty();
        }

        @Override
        public List<CollectorEvent> events(CollectorId id, int limit) {
          return List.of();
        }
      };

  /**
   * The text the registry inside the domain rendered for these events, captured before metrics
   * became a port: operators' scrapes and dashboards see the same bytes.
   */
  @Test
  void theSameEventsRenderTheSameText() {
    PrometheusServerMetrics registry = PrometheusServerMetrics.create();
    ServerMetrics metrics = registry;
    metrics.messageReceived(CollectorRuntime.OTELCOL);
    metrics.messageReceived(CollectorRuntime.OTELCOL);
    metrics.messageSent(CollectorRuntime.OTELCOL);
    metrics.messageReceived(CollectorRuntime.ALLOY);
    metrics.messageSent(CollectorRuntime.ALLOY);
    metrics.configPushed(CollectorRuntime.OTELCOL);
    metrics.configPushed(CollectorRuntime.ALLOY);
    registry.apiRequestAnswered(200);
    registry.apiRequestAnswered(404);
    registry.apiRequestAnswered(200);
    metrics.commitTimed(CommitOutcome.COMMITTED, 1_500_000);
    metrics.commitTimed(CommitOutcome.COMMITTED, 2_000_000);
    metrics.commitTimed(CommitOutcome.CONFLICT, 7);
    metrics.commitTimed(CommitOutcome.ERROR, 1_000_000_000);

    String text = PrometheusText.render(registry, NO_COLLECTORS);

    String heap = "# HELP jvm_memory_heap_used_bytes";
    assertThat(text.substring(0, text.indexOf(heap)))
        .isEqualTo(
            "# HELP linkmesh_collectors_connected Collectors connected to this replica.\n"
                + "# TYPE linkmesh_collectors_connected gauge\n"
                + "linkmesh_collectors_connected{runtime=\"alloy\",transport=\"remotecfg\"} 0\n"
                + "linkmesh_collectors_connected{runtime=\"otelcol\",transport=\"http\"} 0\n"
                + "linkmesh_collectors_connected{runtime=\"otelcol\",transport=\"websocket\"} 0\n"
                + "# HELP linkmesh_collectors_registered Registered collectors, by runtime.\n"
                + "# TYPE linkmesh_collectors_registered gauge\n"
                + "linkmesh_collectors_registered{runtime=\"alloy\"} 0\n"
                + "linkmesh_collectors_registered{runtime=\"otelcol\"} 0\n"
                + "# HELP linkmesh_api_requests_total REST API requests answered, by HTTP status.\n"
                + "# TYPE linkmesh_api_requests_total counter\n"
                + "linkmesh_api_requests_total{status=\"200\"} 2\n"
                + "linkmesh_api_requests_total{status=\"404\"} 1\n"
                + "# HELP linkmesh_collector_messages_total Messages exchanged with collectors, by protocol and direction.\n"
                + "# TYPE linkmesh_collector_messages_total counter\n"
                + "linkmesh_collector_messages_total{direction=\"in\",protocol=\"alloy\"} 1\n"
                + "linkmesh_collector_messages_total{direction=\"in\",protocol=\"opamp\"} 2\n"
                + "linkmesh_collector_messages_total{direction=\"out\",protocol=\"alloy\"} 1\n"
                + "linkmesh_collector_messages_total{direction=\"out\",protocol=\"opamp\"} 1\n"
                + "# HELP linkmesh_config_pushes_total Desired configs sent to collectors, by protocol.\n"
                + "# TYPE linkmesh_config_pushes_total counter\n"
                + "linkmesh_config_pushes_total{protocol=\"alloy\"} 1\n"
                + "linkmesh_config_pushes_total{protocol=\"opamp\"} 1\n"
                + "# HELP linkmesh_store_commit_seconds Time the revision store took to commit, by result.\n"
                + "# TYPE linkmesh_store_commit_seconds summary\n"
                + "linkmesh_store_commit_seconds_count{result=\"committed\"} 2\n"
                + "linkmesh_store_commit_seconds_sum{result=\"committed\"} 0.003500000\n"
                + "linkmesh_store_commit_seconds_count{result=\"conflict\"} 1\n"
                + "linkmesh_store_commit_seconds_sum{result=\"conflict\"} 0.000000007\n"
                + "linkmesh_store_commit_seconds_count{result=\"error\"} 1\n"
                + "linkmesh_store_commit_seconds_sum{result=\"error\"} 1.000000000\n"
                + "# HELP linkmesh_metrics_dropped_series_total Metric updates dropped because the registry was full.\n"
                + "# TYPE linkmesh_metrics_dropped_series_total counter\n"
                + "linkmesh_metrics_dropped_series_total 0\n");
    assertThat(text.substring(text.indexOf(heap)))
        .matches(
            "# HELP jvm_memory_heap_used_bytes JVM heap in use.\n"
                + "# TYPE jvm_memory_heap_used_bytes gauge\n"
                + "jvm_memory_heap_used_bytes \\d+\n"
                + "# HELP jvm_memory_heap_committed_bytes JVM heap committed.\n"
                + "# TYPE jvm_memory_heap_committed_bytes gauge\n"
                + "jvm_memory_heap_committed_bytes \\d+\n"
                + "# HELP jvm_memory_heap_max_bytes JVM heap limit, -1 when unbounded.\n"
                + "# TYPE jvm_memory_heap_max_bytes gauge\n"
                + "jvm_memory_heap_max_bytes -?\\d+\n");
  }
}
