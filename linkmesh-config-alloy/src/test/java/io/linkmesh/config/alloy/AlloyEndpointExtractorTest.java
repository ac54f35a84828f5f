package io.linkmesh.config.alloy;

import static org.assertj.core.api.Assertions.assertThat;

import io.linkmesh.domain.connectivity.EndpointProtocol;
import io.linkmesh.domain.connectivity.ExporterEndpoint;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class AlloyEndpointExtractorTest {

  private final AlloyEndpointExtractor extractor = AlloyEndpointExtractor.create();

  private ExporterEndpoint only(String config) {
    List<ExporterEndpoint> endpoints = extractor.exporterEndpoints(config);
    assertThat(endpoints).hasSize(1);
    return endpoints.get(0);
  }

  @Nested
  class Otlp {

    @Test
    void grpcHostPortIsTlsByDefault() {
      assertThat(
              only(
                  "otelcol.exporter.otlp \"t\" {\n  client {\n    endpoint ="
                      + " \"tempo.example.com:4317\"\n  }\n}\n"))
          .isEqualTo(
              new ExporterEndpoint(
                  "otelcol.exporter.otlp.t",
                  EndpointProtocol.OTLP_GRPC,
                  "tempo.example.com:4317",
                  "tempo.example.com",
                  4317,
                  true,
                  null));
    }

    @Test
    void grpcInsecureTlsIsPlaintextAndDnsPrefixIsStripped() {
      String config =
          """
          otelcol.exporter.otlp "local" {
            client {
              endpoint = "dns:///collector.internal:4317"
              tls {
                insecure = true
              }
            }
          }
          """;
      ExporterEndpoint endpoint = only(config);
      assertThat(endpoint.host()).isEqualTo("collector.internal");
      assertThat(endpoint.port()).isEqualTo(4317);
      assertThat(endpoint.tls()).isFalse();
    }

    @Test
    void grpcWithoutPortIsUndetermined() {
      ExporterEndpoint endpoint =
          only("otelcol.exporter.otlp \"t\" {\n  client { endpoint = \"tempo\" }\n}\n");
      assertThat(endpoint.undetermined()).isEqualTo("endpoint has no port");
      assertThat(endpoint.raw()).isEqualTo("tempo");
    }

    @Test
    void httpUrlUsesTheSchemeDefaultPort() {
      ExporterEndpoint endpoint =
          only(
              "otelcol.exporter.otlphttp \"cloud\" {\n  client {\n    endpoint ="
                  + " \"https://otlp-gateway-prod-eu-west-2.grafana.net/otlp\"\n  }\n}\n");
      assertThat(endpoint)
          .isEqualTo(
              new ExporterEndpoint(
                  "otelcol.exporter.otlphttp.cloud",
                  EndpointProtocol.OTLP_HTTP,
                  "https://otlp-gateway-prod-eu-west-2.grafana.net/otlp",
                  "otlp-gateway-prod-eu-west-2.grafana.net",
                  443,
                  true,
                  null));
    }

    @Test
    void environmentVariableIsUndeterminedWithItsSource() {
      ExporterEndpoint endpoint =
          only("otelcol.exporter.otlp \"t\" {\n  client { endpoint = sys.env(\"OTLP\") }\n}\n");
      assertThat(endpoint.host()).isNull();
      assertThat(endpoint.port()).isZero();
      assertThat(endpoint.raw()).isEqualTo("sys.env(\"OTLP\")");
      assertThat(endpoint.undetermined())
          .isEqualTo(
              "client.endpoint is a function call (sys.env(\"OTLP\")), known only on the"
                  + " collector");
    }
  }

  @Nested
  class OtherExporters {

    @Test
    void remoteWriteLokiPyroscopeAndKafka() {
      String config =
          """
          prometheus.remote_write "mimir" {
            endpoint { url = "http://mimir:9009/api/v1/push" }
          }
          loki.write "loki" {
            endpoint { url = "https://[2001:db8::1]:3100/loki/api/v1/push" }
          }
          pyroscope.write "p" {
            endpoint { url = "https://profiles.example.net" }
          }
          otelcol.exporter.kafka "k" {
            brokers = ["kafka-1:9093", "kafka-2"]
            authentication {
              tls { }
            }
          }
          """;
      assertThat(extractor.exporterEndpoints(config))
          .containsExactly(
              new ExporterEndpoint(
                  "prometheus.remote_write.mimir",
                  EndpointProtocol.PROMETHEUS_REMOTE_WRITE,
                  "http://mimir:9009/api/v1/push",
                  "mimir",
                  9009,
                  false,
                  null),
              new ExporterEndpoint(
                  "loki.write.loki",
                  EndpointProtocol.LOKI,
                  "https://[2001:db8::1]:3100/loki/api/v1/push",
                  "2001:db8::1",
                  3100,
                  true,
                  null),
              new ExporterEndpoint(
                  "pyroscope.write.p",
                  EndpointProtocol.OTHER_HTTP,
                  "https://profiles.example.net",
                  "profiles.example.net",
                  443,
                  true,
                  null),
              new ExporterEndpoint(
                  "otelcol.exporter.kafka.k",
                  EndpointProtocol.KAFKA,
                  "kafka-1:9093",
                  "kafka-1",
                  9093,
                  true,
                  null),
              new ExporterEndpoint(
                  "otelcol.exporter.kafka.k",
                  EndpointProtocol.KAFKA,
                  "kafka-2",
                  "kafka-2",
                  9092,
                  true,
                  null));
    }

    @Test
    void malformedUrlsAreUndeterminedNotErrors() {
      String config =
          """
          loki.write "a" {
            endpoint { url = "ftp://logs.example.net" }
            endpoint { url = "not a url" }
            endpoint { url = "http://" }
          }
          otelcol.exporter.kafka "k" {
            brokers = ["kafka:port", "kafka:70000", "not a host", "//kafka:9092"]
          }
          """;
      assertThat(extractor.exporterEndpoints(config))
          .extracting(ExporterEndpoint::undetermined)
          .containsExactly(
              "unsupported URL scheme 'ftp'",
              "not a valid URL: Illegal character in path",
              "not a valid URL: Expected authority",
              "port is not a number: 'port'",
              "port out of range: 70000",
              "not a host:port endpoint",
              "not a host:port endpoint");
    }

    @Test
    void unparseableTextYieldsNothing() {
      assertThat(extractor.exporterEndpoints("loki.write \"a\" {")).isEmpty();
    }

    @Test
    void declaredModulesAreSearchedForTlsSettings() {
      String config =
          """
          declare "egress" {
            otelcol.exporter.otlp "out" {
              client {
                endpoint = "gw:4317"
                tls { insecure = true }
              }
            }
          }
          """;
      ExporterEndpoint endpoint = only(config);
      assertThat(endpoint.component()).isEqualTo("declare.egress/otelcol.exporter.otlp.out");
      assertThat(endpoint.tls()).isFalse();
    }
  }
}
