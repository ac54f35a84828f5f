package io.linkmesh.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class PrometheusServerMetricsTest {
  private final PrometheusServerMetrics metrics = PrometheusServerMetrics.create();

  @Nested
  class Counters {
    @Test
    void countsPerNameAndLabels() {
      metrics.increment("x_total", Map.of("a", "1"));
      metrics.increment("x_total", Map.of("a", "1"));
      metrics.add("x_total", Map.of("a", "2"), 5);

      assertThat(metrics.counter("x_total", Map.of("a", "1"))).isEqualTo(2);
      assertThat(metrics.counter("x_total", Map.of("a", "2"))).isEqualTo(5);
      assertThat(metrics.counter("x_total", Map.of())).isZero();
      assertThat(metrics.counters())
          .extracting(PrometheusServerMetrics.CounterSample::value)
          .containsExactly(2L, 5L);
    }

    @Test
    void refusesBadNamesAndNegativeAmounts() {
      assertThatThrownBy(() -> metrics.increment("bad name", Map.of()))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> metrics.increment("ok", Map.of("__x", "1")))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> metrics.add("ok", Map.of(), -1))
          .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void dropsSeriesPastTheBound() {
      for (int i = 0; i < PrometheusServerMetrics.MAX_SERIES + 5; i++) {
        metrics.increment("many_total", Map.of("i", Integer.toString(i)));
      }

      assertThat(metrics.counters()).hasSize(PrometheusServerMetrics.MAX_SERIES);
      assertThat(metrics.droppedSeries()).isEqualTo(5);
    }
  }
}
