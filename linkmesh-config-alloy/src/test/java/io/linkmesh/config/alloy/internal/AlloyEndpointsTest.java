package io.linkmesh.config.alloy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.linkmesh.config.alloy.syntax.AlloySyntaxTest;
import io.linkmesh.config.alloy.syntax.Position;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class AlloyEndpointsTest {

  @Nested
  class Literals {

    @Test
    void realisticPipelineYieldsEveryNetworkExporter() {
      List<FoundEndpoint> endpoints = AlloyEndpoints.extract(AlloySyntaxTest.REALISTIC);
      assertThat(endpoints)
          .containsExactly(
              new FoundEndpoint.Literal(
                  "otelcol.exporter.otlp.default",
                  ExporterProtocol.OTLP_GRPC,
                  "tempo.example.com:4317",
                  new Position(39, 16)),
              new FoundEndpoint.Literal(
                  "prometheus.remote_write.mimir",
                  ExporterProtocol.PROMETHEUS_REMOTE_WRITE,
                  "https://mimir.example.com/api/v1/push",
                  new Position(57, 11)));
    }

    @Test
    void everySupportedComponent() {
      String source =
          """
          otelcol.exporter.otlphttp "cloud" {
            client {
              endpoint = "https://otlp-gateway.example.net/otlp"
            }
            metrics_endpoint = "https://metrics.example.net/v1/metrics"
          }
          otelcol.exporter.kafka "k" {
            brokers  = ["kafka-1:9092", "kafka-2:9092"]
            protocol_version = "2.0.0"
          }
          loki.write "logs" {
            endpoint {
              url = "https://loki.example.net/loki/api/v1/push"
            }
          }
          pyroscope.write "profiles" {
            endpoint {
              url = "https://pyroscope.example.net"
            }
          }
          otelcol.exporter.loki "bridge" {
            forward_to = [loki.write.logs.receiver]
          }
          otelcol.exporter.prometheus "bridge" {
            forward_to = [prometheus.remote_write.x.receiver]
          }
          prometheus.exporter.self "alloy" { }
          """;
      assertThat(AlloyEndpoints.extract(source))
          .extracting(
              FoundEndpoint::componentId,
              FoundEndpoint::protocol,
              e -> ((FoundEndpoint.Literal) e).endpoint())
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(
                  "otelcol.exporter.otlphttp.cloud",
                  ExporterProtocol.OTLP_HTTP,
                  "https://otlp-gateway.example.net/otlp"),
              org.assertj.core.groups.Tuple.tuple(
                  "otelcol.exporter.otlphttp.cloud",
                  ExporterProtocol.OTLP_HTTP,
                  "https://metrics.example.net/v1/metrics"),
              org.assertj.core.groups.Tuple.tuple(
                  "otelcol.exporter.kafka.k", ExporterProtocol.KAFKA, "kafka-1:9092"),
              org.assertj.core.groups.Tuple.tuple(
                  "otelcol.exporter.kafka.k", ExporterProtocol.KAFKA, "kafka-2:9092"),
              org.assertj.core.groups.Tuple.tuple(
                  "loki.write.logs",
                  ExporterProtocol.LOKI_PUSH,
                  "https://loki.example.net/loki/api/v1/push"),
              org.assertj.core.groups.Tuple.tuple(
                  "pyroscope.write.profiles",
                  ExporterProtocol.PYROSCOPE,
                  "https://pyroscope.example.net"));
    }

    @Test
    void severalEndpointBlocksGiveSeveralEndpoints() {
      String source =
          """
          prometheus.remote_write "both" {
            endpoint { url = "https://a.example/api/v1/push" }
            endpoint { url = "https://b.example/api/v1/push" }
          }
          """;
      assertThat(AlloyEndpoints.extract(source))
          .extracting(e -> ((FoundEndpoint.Literal) e).endpoint())
          .containsExactly("https://a.example/api/v1/push", "https://b.example/api/v1/push");
    }

    @Test
    void kafkaWithoutBrokersUsesAlloysDefault() {
      assertThat(AlloyEndpoints.extract("otelcol.exporter.kafka \"k\" { }"))
          .containsExactly(
              new FoundEndpoint.Literal(
                  "otelcol.exporter.kafka.k",
                  ExporterProtocol.KAFKA,
                  "localhost:9092",
                  new Position(1, 1)));
    }

    @Test
    void componentsInsideDeclareAreNamedByTheirModule() {
      String source =
          """
          declare "egress" {
            otelcol.exporter.otlp "out" {
              client { endpoint = "collector.example:4317" }
            }
          }
          """;
      assertThat(AlloyEndpoints.extract(source))
          .extracting(FoundEndpoint::componentId)
          .containsExactly("declare.egress/otelcol.exporter.otlp.out");
    }
  }

  @Nested
  class Undetermined {

    @Test
    void environmentVariableIsUndeterminedWithTheExpression() {
      String source =
          """
          otelcol.exporter.otlp "default" {
            client {
              endpoint = sys.env("OTLP_ENDPOINT")
            }
          }
          """;
      assertThat(AlloyEndpoints.extract(source))
          .containsExactly(
              new FoundEndpoint.Undetermined(
                  "otelcol.exporter.otlp.default",
                  ExporterProtocol.OTLP_GRPC,
                  "sys.env(\"OTLP_ENDPOINT\")",
                  "client.endpoint is a function call (sys.env(\"OTLP_ENDPOINT\")), known only on"
                      + " the collector",
                  new Position(3, 16)));
    }

    @Test
    void referenceIsUndetermined() {
      String source =
          """
          loki.write "x" {
            endpoint {
              url = remote.kubernetes.secret.loki.data["url"]
            }
          }
          """;
      FoundEndpoint endpoint = AlloyEndpoints.extract(source).get(0);
      assertThat(endpoint)
          .isEqualTo(
              new FoundEndpoint.Undetermined(
                  "loki.write.x",
                  ExporterProtocol.LOKI_PUSH,
                  "remote.kubernetes.secret.loki.data[\"url\"]",
                  "endpoint.url is a computed expression"
                      + " (remote.kubernetes.secret.loki.data[\"url\"]), known only on the"
                      + " collector",
                  new Position(3, 11)));
    }

    @Test
    void plainReferenceAndConcatenation() {
      String source =
          """
          pyroscope.write "p" {
            endpoint { url = local.file.url.content }
            endpoint { url = "https://" + sys.env("HOST") }
          }
          """;
      assertThat(AlloyEndpoints.extract(source))
          .extracting(e -> ((FoundEndpoint.Undetermined) e).reason())
          .containsExactly(
              "endpoint.url is a reference (local.file.url.content), known only on the collector",
              "endpoint.url is a computed expression (\"https://\" + sys.env(\"HOST\")), known"
                  + " only on the collector");
    }

    @Test
    void kafkaBrokersReferenceAndMixedArray() {
      String source =
          """
          otelcol.exporter.kafka "a" {
            brokers = split(sys.env("BROKERS"), ",")
          }
          otelcol.exporter.kafka "b" {
            brokers = ["kafka:9092", sys.env("EXTRA")]
          }
          """;
      List<FoundEndpoint> endpoints = AlloyEndpoints.extract(source);
      assertThat(endpoints)
          .containsExactly(
              new FoundEndpoint.Undetermined(
                  "otelcol.exporter.kafka.a",
                  ExporterProtocol.KAFKA,
                  "split(sys.env(\"BROKERS\"), \",\")",
                  "brokers is a function call (split(sys.env(\"BROKERS\"), \",\")), known only on"
                      + " the collector",
                  new Position(2, 13)),
              new FoundEndpoint.Literal(
                  "otelcol.exporter.kafka.b",
                  ExporterProtocol.KAFKA,
                  "kafka:9092",
                  new Position(5, 14)),
              new FoundEndpoint.Undetermined(
                  "otelcol.exporter.kafka.b",
                  ExporterProtocol.KAFKA,
                  "sys.env(\"EXTRA\")",
                  "broker is a function call (sys.env(\"EXTRA\")), known only on the collector",
                  new Position(5, 28)));
    }

    @Test
    void missingClientOrEndpointOrUrl() {
      String source =
          """
          otelcol.exporter.otlp "noclient" { }
          otelcol.exporter.otlphttp "noendpoint" {
            client { }
          }
          prometheus.remote_write "noblock" { }
          loki.write "nourl" {
            endpoint { }
          }
          otelcol.exporter.otlp "number" {
            client { endpoint = 4317 }
          }
          """;
      assertThat(AlloyEndpoints.extract(source))
          .extracting(e -> ((FoundEndpoint.Undetermined) e).reason(), e -> e.position())
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(
                  "no client block with an endpoint", new Position(1, 1)),
              org.assertj.core.groups.Tuple.tuple(
                  "client block has no endpoint", new Position(3, 3)),
              org.assertj.core.groups.Tuple.tuple("no endpoint block", new Position(5, 1)),
              org.assertj.core.groups.Tuple.tuple("endpoint block has no url", new Position(7, 3)),
              org.assertj.core.groups.Tuple.tuple(
                  "client.endpoint is not a string (4317), known only on the collector",
                  new Position(10, 23)));
    }
  }
}
