package io.linkmesh.http;

import static io.linkmesh.http.ApiFixture.putConfigBody;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.linkmesh.domain.connectivity.Deployment;
import io.linkmesh.domain.fleet.CollectorId;
import io.linkmesh.domain.fleet.CollectorRuntime;
import io.linkmesh.domain.fleet.Transport;
import io.linkmesh.domain.service.FirewallService;
import io.linkmesh.domain.testing.LineEndpointExtractor;
import io.linkmesh.domain.throughput.CollectorThroughput;
import io.linkmesh.domain.throughput.ComponentKind;
import io.linkmesh.domain.throughput.ComponentThroughput;
import io.linkmesh.domain.throughput.Measure;
import io.linkmesh.domain.throughput.Signal;
import io.linkmesh.domain.throughput.SignalRates;
import io.linkmesh.domain.throughput.ThroughputPoint;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ThroughputAndFirewallTest {
  private static final Instant AT = Instant.parse("2026-11-26T10:00:00Z");

  private ApiFixture f;

  @AfterEach
  void stop() {
    if (f != null) {
      f.close();
    }
  }

  private void startWithPorts() {
    f =
        new ApiFixture(
            (domain, b) ->
                b.throughput(
                        id -> id.value().equals("busy") ? Optional.of(busy(id)) : Optional.empty())
                    .firewall(
                        new FirewallService(
                            domain.configs(),
                            domain.fleet(),
                            Deployment.builder()
                                .externalUrl("https://linkmesh.example.com")
                                .listenPort(443)
                                .build(),
                            List.of(new LineEndpointExtractor(CollectorRuntime.OTELCOL)))));
  }

  private static CollectorThroughput busy(CollectorId id) {
    ComponentThroughput receiver =
        new ComponentThroughput(
            ComponentKind.RECEIVER,
            "otlp",
            List.of(
                new SignalRates(
                    Signal.SPANS, Map.of(Measure.ACCEPTED, 90.0, Measure.REFUSED, 10.0))),
            null,
            null);
    ComponentThroughput exporter =
        new ComponentThroughput(
            ComponentKind.EXPORTER,
            "otlp/tempo",
            List.of(
                new SignalRates(Signal.METRIC_POINTS, Map.of(Measure.SENT, 50.0)),
                new SignalRates(
                    Signal.LOG_RECORDS, Map.of(Measure.INCOMING, 100.0, Measure.OUTGOING, 75.0))),
            25.0,
            100.0);
    return new CollectorThroughput(
        id,
        AT,
        List.of(receiver, exporter),
        List.of(new ThroughputPoint(AT, List.of(receiver))),
        Duration.ofMinutes(15));
  }

  private void connect(String id) {
    f.connect(id, CollectorRuntime.OTELCOL, Transport.WEBSOCKET, f.mintEnrollmentToken(Map.of()));
  }

  @Nested
  class Throughput {
    @Test
    void latestRatesAndSeriesPerComponent() {
      startWithPorts();
      connect("busy");

      JsonNode body = f.json(f.get("/api/v1/collectors/busy/throughput", f.viewer), 200);

      assertThat(body.path("collectorId").asText()).isEqualTo("busy");
      assertThat(body.path("updatedAt").asText()).isEqualTo("2026-11-26T10:00:00Z");
      assertThat(body.path("retentionSeconds").asLong()).isEqualTo(900);
      JsonNode receiver = body.path("latest").get(0);
      assertThat(receiver.path("kind").asText()).isEqualTo("receiver");
      assertThat(receiver.path("id").asText()).isEqualTo("otlp");
      assertThat(receiver.path("signals").path("spans").path("accepted").asDouble())
          .isEqualTo(90.0);
      assertThat(receiver.path("signals").path("spans").path("refused").asDouble()).isEqualTo(10.0);
      assertThat(receiver.path("queue").isNull()).isTrue();
      JsonNode exporter = body.path("latest").get(1);
      assertThat(exporter.path("signals").path("metricPoints").path("sent").asDouble())
          .isEqualTo(50.0);
      assertThat(exporter.path("signals").path("logRecords").path("dropPercent").asDouble())
          .isEqualTo(25.0);
      assertThat(exporter.path("queue").path("size").asDouble()).isEqualTo(25.0);
      assertThat(exporter.path("queue").path("capacity").asDouble()).isEqualTo(100.0);
      assertThat(exporter.path("queue").path("fillPercent").asDouble()).isEqualTo(25.0);
      assertThat(body.path("series")).hasSize(1);
      assertThat(body.path("series").get(0).path("at").asText()).isEqualTo("2026-11-26T10:00:00Z");
      assertThat(body.path("series").get(0).path("components").get(0).path("id").asText())
          .isEqualTo("otlp");
    }

    @Test
    void seriesFalseOmitsTheSeries() {
      startWithPorts();
      connect("busy");

      JsonNode body =
          f.json(f.get("/api/v1/collectors/busy/throughput?series=false", f.viewer), 200);

      assertThat(body.has("series")).isFalse();
      assertThat(body.path("latest")).hasSize(2);
      f.error(
          f.get("/api/v1/collectors/busy/throughput?series=maybe", f.viewer),
          400,
          "invalid_request");
    }

    @Test
    void aCollectorThatPushedNothingHasEmptyLists() {
      startWithPorts();
      connect("quiet");

      JsonNode body = f.json(f.get("/api/v1/collectors/quiet/throughput", f.viewer), 200);

      assertThat(body.path("collectorId").asText()).isEqualTo("quiet");
      assertThat(body.path("latest")).isEmpty();
      assertThat(body.path("series")).isEmpty();
    }

    @Test
    void anUnknownCollectorIsNotFound() {
      startWithPorts();

      f.error(f.get("/api/v1/collectors/busy/throughput", f.viewer), 404, "not_found");
    }

    @Test
    void withoutAThroughputSourceTheRouteIsNotConfigured() {
      f = new ApiFixture();
      connect("busy");

      JsonNode error =
          f.error(f.get("/api/v1/collectors/busy/throughput", f.viewer), 501, "not_configured");
      assertThat(error.path("message").asText()).contains("throughput");
    }
  }

  @Nested
  class Firewall {
    @Test
    void jsonListsControlAndDataPlaneRules() {
      startWithPorts();
      connect("edge-1");
      putBackend();

      JsonNode body = f.json(f.get("/api/v1/firewall", f.viewer), 200);

      assertThat(body.path("rules").size()).isPositive();
      assertThat(body.path("rules").findValuesAsText("host")).contains("tempo.example.com");
      assertThat(body.path("rules").findValuesAsText("plane")).contains("control", "data");
    }

    @Test
    void textRenderingsHaveTheirContentTypes() {
      startWithPorts();
      connect("edge-1");
      putBackend();

      HttpResponse<String> markdown = f.get("/api/v1/firewall?format=markdown", f.viewer);
      assertThat(markdown.statusCode()).isEqualTo(200);
      assertThat(markdown.headers().firstValue("Content-Type").orElse(""))
          .startsWith("text/markdown");
      assertThat(markdown.body()).contains("tempo.example.com").contains("|");
      HttpResponse<String> nft =
          f.get("/api/v1/firewall?format=nftables&role=collectors", f.viewer);
      assertThat(nft.statusCode()).isEqualTo(200);
      assertThat(nft.body()).contains("4317");
      for (String format : List.of("csv", "iptables", "k8s")) {
        assertThat(f.get("/api/v1/firewall?format=" + format, f.viewer).statusCode())
            .as(format)
            .isEqualTo(200);
      }
    }

    @Test
    void unknownFormatOrRoleIsABadRequest() {
      startWithPorts();

      assertThat(
              f.error(f.get("/api/v1/firewall?format=pdf", f.viewer), 400, "invalid_request")
                  .path("message")
                  .asText())
          .contains("markdown");
      f.error(
          f.get("/api/v1/firewall?format=nftables&role=moon", f.viewer), 400, "invalid_request");
    }

    @Test
    void oneCollectorsRulesAndNotFoundForAnUnknownOne() {
      startWithPorts();
      connect("edge-1");
      putBackend();

      JsonNode body = f.json(f.get("/api/v1/collectors/edge-1/firewall", f.viewer), 200);
      assertThat(body.path("rules").findValuesAsText("host")).contains("tempo.example.com");
      HttpResponse<String> csv = f.get("/api/v1/collectors/edge-1/firewall?format=csv", f.viewer);
      assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");

      f.error(f.get("/api/v1/collectors/nobody/firewall", f.viewer), 404, "not_found");
    }

    @Test
    void withoutAFirewallSourceTheRoutesAreNotConfigured() {
      f = new ApiFixture();

      f.error(f.get("/api/v1/firewall", f.viewer), 501, "not_configured");
      f.error(f.get("/api/v1/collectors/x/firewall", f.viewer), 501, "not_configured");
    }

    private void putBackend() {
      HttpResponse<String> put =
          f.send(
              "PUT",
              "/api/v1/configs/base",
              f.operator,
              putConfigBody("otlp OTLP_GRPC tempo.example.com:4317\n")
                  .replace("\"env\":\"prod\"", ""));
      assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    }
  }
}
