package io.linkmesh.opamp;

import static org.assertj.core.api.Assertions.assertThat;

import io.linkmesh.opamp.ExporterEndpoint.Determined;
import io.linkmesh.opamp.ExporterEndpoint.Undetermined;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class OtelcolEndpointExtractorTest {

  private final OtelcolEndpointExtractor extractor = new OtelcolEndpointExtractor();

  private List<ExporterEndpoint> extract(String exportersBlock) {
    return extractor.extract("exporters:\n" + exportersBlock.indent(2));
  }

  @Nested
  class Otlp {
    @Test
    void grpcHostPortIsTlsUnlessInsecure() {
      assertThat(
              extract(
                  """
                  otlp:
                    endpoint: tempo.example.com:4317
                  otlp/2:
                    endpoint: 10.0.0.5:4317
                    tls:
                      insecure: true
                  """))
          .containsExactly(
              new Determined("otlp", "tempo.example.com", 4317, "OTLP/gRPC", true),
              new Determined("otlp/2", "10.0.0.5", 4317, "OTLP/gRPC", false));
    }

    @Test
    void grpcWithSchemeAndIpv6() {
      assertThat(
              extract(
                  """
                  otlp/a:
                    endpoint: https://collector.example.com
                  otlp/b:
                    endpoint: "[2001:db8::1]:4317"
                  """))
          .containsExactly(
              new Determined("otlp/a", "collector.example.com", 443, "OTLP/gRPC", true),
              new Determined("otlp/b", "2001:db8::1", 4317, "OTLP/gRPC", true));
    }

    @Test
    void grpcWithoutPortIsUndetermined() {
      assertThat(extract("otlp:\n  endpoint: tempo.example.com\n"))
          .singleElement()
          .isInstanceOf(Undetermined.class);
    }

    @Test
    void httpBaseAndPerSignalUrlsWithSchemeDefaultPorts() {
      assertThat(
              extract(
                  """
                  otlphttp/grafana:
                    endpoint: https://otlp-gateway.grafana.net/otlp
                    metrics_endpoint: http://mimir.internal/otlp/v1/metrics
                    logs_endpoint: https://loki.internal:3100/otlp/v1/logs
                  """))
          .containsExactlyInAnyOrder(
              new Determined(
                  "otlphttp/grafana", "otlp-gateway.grafana.net", 443, "OTLP/HTTP", true),
              new Determined("otlphttp/grafana", "mimir.internal", 80, "OTLP/HTTP", false),
              new Determined("otlphttp/grafana", "loki.internal", 3100, "OTLP/HTTP", true));
    }
  }

  @Nested
  class Others {
    @Test
    void kafkaEachBrokerItsOwnDestination() {
      assertThat(
              extract(
                  """
                  kafka:
                    brokers: [k1.example.com:9092, "k2.example.com:9093", k3.example.com]
                  """))
          .containsExactly(
              new Determined("kafka", "k1.example.com", 9092, "Kafka", false),
              new Determined("kafka", "k2.example.com", 9093, "Kafka", false),
              new Determined("kafka", "k3.example.com", 9092, "Kafka", false));
    }

    @Test
    void kafkaDefaultsToLocalhost() {
      assertThat(extract("kafka: {topic: t}\n"))
          .containsExactly(new Determined("kafka", "localhost", 9092, "Kafka", false));
    }

    @Test
    void remoteWriteLokiZipkinAndUnknownUrlExporters() {
      assertThat(
              extract(
                  """
                  prometheusremotewrite:
                    endpoint: https://prom.example.com/api/v1/write
                  loki:
                    endpoint: http://loki:3100/loki/api/v1/push
                  zipkin:
                    endpoint: http://zipkin:9411/api/v2/spans
                  debug:
                  prometheus:
                    endpoint: 0.0.0.0:8889
                  """))
          .containsExactly(
              new Determined("prometheusremotewrite", "prom.example.com", 443, "HTTP", true),
              new Determined("loki", "loki", 3100, "HTTP", false),
              new Determined("zipkin", "zipkin", 9411, "HTTP", false));
    }

    @Test
    void environmentReferencesAreUndeterminedWithTheReason() {
      assertThat(
              extract(
                  """
                  otlphttp:
                    endpoint: ${env:OTLP_ENDPOINT}
                  otlp:
                    endpoint: ${env:HOST}:4317
                  kafka:
                    brokers: ["${env:BROKER}"]
                  """))
          .containsExactly(
              new Undetermined(
                  "otlphttp",
                  "'endpoint' uses ${env:OTLP_ENDPOINT}, resolved only on the collector host"),
              new Undetermined(
                  "otlp", "endpoint uses ${env:HOST}, resolved only on the collector host"),
              new Undetermined(
                  "kafka", "endpoint uses ${env:BROKER}, resolved only on the collector host"));
    }

    @Test
    void unknownExporterWithoutEndpointIsUndetermined() {
      assertThat(extract("datadog:\n  api: {key: x}\n"))
          .singleElement()
          .isInstanceOf(Undetermined.class)
          .extracting(ExporterEndpoint::exporter)
          .isEqualTo("datadog");
    }

    @Test
    void brokenYamlOrNoExportersYieldsNothing() {
      assertThat(extractor.extract("exporters: [")).isEmpty();
      assertThat(extractor.extract("receivers: {otlp: }")).isEmpty();
    }

    @Test
    void malformedUrlIsUndetermined() {
      assertThat(extract("otlphttp:\n  endpoint: 'ht tp://x'\n"))
          .singleElement()
          .isInstanceOf(Undetermined.class);
    }
  }
}
