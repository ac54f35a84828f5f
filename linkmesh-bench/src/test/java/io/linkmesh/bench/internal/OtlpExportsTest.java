package io.linkmesh.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsPartialSuccess;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.metrics.v1.Metric;
import java.net.URI;
import org.junit.jupiter.api.Test;

class OtlpExportsTest {
  private final OtlpBench.Exports exports =
      new OtlpBench.Exports(
          URI.create("http://127.0.0.1:1/v1/metrics"), "t", new String[] {"c-0"}, 50);

  @Test
  void anExportCarriesThePointsAndNamesItsCollector() {
    ExportMetricsServiceRequest r = exports.export("c-0", 1);
    long points = 0;
    for (Metric m : r.getResourceMetrics(0).getScopeMetrics(0).getMetricsList()) {
      assertThat(m.getName()).startsWith("otelcol_");
      points += m.hasSum() ? m.getSum().getDataPointsCount() : m.getGauge().getDataPointsCount();
    }
    assertThat(points).isEqualTo(600);
    assertThat(r.getResourceMetrics(0).getResource().getAttributesList())
        .anyMatch(
            kv ->
                kv.getKey().equals("linkmesh.collector.id")
                    && kv.getValue().getStringValue().equals("c-0"));
  }

  @Test
  void laterExportsAreLaterObservations() {
    long t1 =
        exports
            .export("c-0", 1)
            .getResourceMetrics(0)
            .getScopeMetrics(0)
            .getMetrics(0)
            .getSum()
            .getDataPoints(0)
            .getTimeUnixNano();
    long t2 =
        exports
            .export("c-0", 2)
            .getResourceMetrics(0)
            .getScopeMetrics(0)
            .getMetrics(0)
            .getSum()
            .getDataPoints(0)
            .getTimeUnixNano();
    assertThat(t2).isGreaterThanOrEqualTo(t1);
  }

  @Test
  void partialSuccessCountsRejectedPoints() {
    ClosedLoop.Tally tally = new ClosedLoop.Tally();
    byte[] body =
        ExportMetricsServiceResponse.newBuilder()
            .setPartialSuccess(ExportMetricsPartialSuccess.newBuilder().setRejectedDataPoints(100))
            .build()
            .toByteArray();
    assertThat(exports.check(0, 200, body, tally)).isNull();
    assertThat(exports.check(0, 503, new byte[0], tally)).isEqualTo("HTTP 503");
    ClosedLoop.Outcome o = tally.outcome(1);
    assertThat(o.counter("accepted")).isEqualTo(500);
    assertThat(o.counter("rejected")).isEqualTo(100);
  }
}
