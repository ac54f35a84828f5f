package io.linkmesh.otlp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.Exemplar;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class OtlpCodecTest {
  static final String EXPORT_WITH_EXEMPLAR =
      """
      {"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"name":"m","gauge":{"dataPoints":[{
        "timeUnixNano":"1","asDouble":1.5,
        "exemplars":[{"timeUnixNano":"1","asDouble":2,
          "traceId":"5B8EFFF798038103D269B633813FC60C","spanId" : "eee19b7ec3c1b174",
          "filteredAttributes":[{"key":"note","value":{"stringValue":"\\"traceId\\":\\"ab\\""}}]}]
      }]}}]}]}]}
      """;

  @Test
  void exemplarIdsInJsonAreHex() {
    ExportMetricsServiceRequest request =
        OtlpCodec.decode(
            OtlpCodec.Format.JSON, EXPORT_WITH_EXEMPLAR.getBytes(StandardCharsets.UTF_8));

    Exemplar exemplar =
        request
            .getResourceMetrics(0)
            .getScopeMetrics(0)
            .getMetrics(0)
            .getGauge()
            .getDataPoints(0)
            .getExemplars(0);
    assertThat(HexFormat.of().formatHex(exemplar.getTraceId().toByteArray()))
        .isEqualTo("5b8efff798038103d269b633813fc60c");
    assertThat(HexFormat.of().formatHex(exemplar.getSpanId().toByteArray()))
        .isEqualTo("eee19b7ec3c1b174");
    assertThat(exemplar.getFilteredAttributes(0).getValue().getStringValue())
        .isEqualTo("\"traceId\":\"ab\"");
  }

  @Test
  void enumsAsIntegersAndUnknownFieldsAreAccepted() {
    String json =
        "{\"resourceMetrics\":[{\"newThing\":true,\"scopeMetrics\":[{\"metrics\":[{\"name\":\"m\","
            + "\"sum\":{\"aggregationTemporality\":1,\"isMonotonic\":true,\"dataPoints\":[]}}]}]}]}";

    ExportMetricsServiceRequest request =
        OtlpCodec.decode(OtlpCodec.Format.JSON, json.getBytes(StandardCharsets.UTF_8));

    assertThat(
            request
                .getResourceMetrics(0)
                .getScopeMetrics(0)
                .getMetrics(0)
                .getSum()
                .getAggregationTemporalityValue())
        .isEqualTo(1);
  }

  @Test
  void notJsonIsABadRequest() {
    assertThatThrownBy(
            () -> OtlpCodec.decode(OtlpCodec.Format.JSON, "[1,2".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(RequestRejectedException.class)
        .extracting(e -> ((RequestRejectedException) e).httpStatus())
        .isEqualTo(400);
  }

  @Test
  void statusIsJsonEscaped() {
    assertThat(
            new String(
                OtlpCodec.status(OtlpCodec.Format.JSON, 3, "bad \"x\"\n"), StandardCharsets.UTF_8))
        .isEqualTo("{\"code\":3,\"message\":\"bad \\\"x\\\"\\u000a\"}");
  }
}
