package io.linkmesh.config.otelcol;

import static org.assertj.core.api.Assertions.assertThat;

import io.linkmesh.domain.connectivity.EndpointProtocol;
import io.linkmesh.domain.connectivity.ExporterEndpoint;
import io.linkmesh.domain.fleet.CollectorRuntime;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class OtelcolEndpointExtractorTest {

  private final OtelcolEndpointExtractor extractor = new OtelcolEndpointExtractor();

  private List<ExporterEndpoint> extract(String exportersBlock) {
    return extractor.exporterEndpoints("exporters:\n" + exportersBlock.indent(2));
  }

  private static ExporterEndpoint at(
      String id, EndpointProtocol p, String raw, String host, int port, boolean tls) {
    return new ExporterEndpoint(id, p, raw, host, port, tls, null);
  }

  @Test
  void servesOtelcol() {
    assertThat(extractor.runtime()).isEqualTo(CollectorRuntime.OTELCOL);
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
              at(
                  "otlp",
                  EndpointProtocol.OTLP_GRPC,
                  "tempo.example.com:4317",
                  "tempo.example.com",
                  4317,
                  true),
              at("otlp/2", EndpointProtocol.OTLP_GRPC, "10.0.0.5:4317", "10.0.0.5", 4317, false));
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
              at(
                  "otlp/a",
                  EndpointProtocol.OTLP_GRPC,
                  "https://collector.example.com",
                  "collector.example.com",
                  443,
                  true),
              at(
                  "otlp/b",
                  EndpointProtocol.OTLP_GRPC,
                  "[2001:db8::1]:4317",
                  "2001:db8::1",
                  4317,
                  true));
    }

    @Test
    void grpcWithoutPortIsUndetermined() {
      assertThat(extract("otlp:\n  endpoint: tempo.example.com\n"))
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.undetermined()).isEqualTo("endpoint has no port");
                assertThat(e.host()).isNull();
                assertThat(e.raw()).isEqualTo("tempo.example.com");
              });
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
          .extracting(ExporterEndpoint::host, ExporterEndpoint::port, ExporterEndpoint::tls)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("otlp-gateway.grafana.net", 443, true),
              org.assertj.core.groups.Tuple.tuple("mimir.internal", 80, false),
              org.assertj.core.groups.Tuple.tuple("loki.internal", 3100, true));
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
              at(
                  "kafka",
                  EndpointProtocol.KAFKA,
                  "k1.example.com:9092",
                  "k1.example.com",
                  9092,
                  false),
              at(
                  "kafka",
                  EndpointProtocol.KAFKA,
                  "k2.example.com:9093",
                  "k2.example.com",
                  9093,
                  false),
              at("kafka", EndpointProtocol.KAFKA, "k3.example.com", "k3.example.com", 9092, false));
    }

    @Test
    void kafkaDefaultsToLocalhost() {
      assertThat(extract("kafka: {topic: t}\n"))
          .containsExactly(
              at("kafka", EndpointProtocol.KAFKA, "localhost:9092", "localhost", 9092, false));
    }

    @Test
    void remoteWriteLokiAndUnknownUrlExportersButNotLocalOnes() {
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
          .extracting(
              ExporterEndpoint::component, ExporterEndpoint::protocol, ExporterEndpoint::port)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(
                  "prometheusremotewrite", EndpointProtocol.PROMETHEUS_REMOTE_WRITE, 443),
              org.assertj.core.groups.Tuple.tuple("loki", EndpointProtocol.LOKI, 3100),
              org.assertj.core.groups.Tuple.tuple("zipkin", EndpointProtocol.OTHER_HTTP, 9411));
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
          .extracting(ExporterEndpoint::component, ExporterEndpoint::undetermined)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(
                  "otlphttp",
                  "'endpoint' uses ${env:OTLP_ENDPOINT}, resolved only on the collector host"),
              org.assertj.core.groups.Tuple.tuple(
                  "otlp", "'endpoint' uses ${env:HOST}, resolved only on the collector host"),
              org.assertj.core.groups.Tuple.tuple(
                  "kafka", "'brokers' uses ${env:BROKER}, resolved only on the collector host"));
    }

    @Test
    void unknownExporterWithoutEndpointIsUndetermined() {
      assertThat(extract("datadog:\n  api: {key: x}\n"))
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.component()).isEqualTo("datadog");
                assertThat(e.undetermined()).contains("datadog");
              });
    }

    @Test
    void brokenYamlOrNoExportersYieldsNothing() {
      assertThat(extractor.exporterEndpoints("exporters: [")).isEmpty();
      assertThat(extractor.exporterEndpoints("receivers: {otlp: }")).isEmpty();
    }

    @Test
    void malformedUrlIsUndetermined() {
      assertThat(extract("otlphttp:\n  endpoint: 'ht tp://x'\n"))
          .singleElement()
          .extracting(ExporterEndpoint::undetermined)
          .isEqualTo("not a valid URL: Illegal character in scheme name");
    }

    @Test
    void endpointTextIsReadByTheDomainsOneRule() {
      assertThat(
              extract(
                  """
                  otlp/dns:
                    endpoint: dns:///collector.internal:4317
                  otlp/v6:
                    endpoint: 2001:db8::1:4317
                  otlp/junk:
                    endpoint: "[2001:db8::1]x"
                  kafka:
                    brokers: ["kafka:", "kafka/a:9092"]
                  """))
          .extracting(
              ExporterEndpoint::component, ExporterEndpoint::host, ExporterEndpoint::undetermined)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("otlp/dns", "collector.internal", null),
              org.assertj.core.groups.Tuple.tuple("otlp/v6", null, "not a host:port endpoint"),
              org.assertj.core.groups.Tuple.tuple("otlp/junk", null, "not a host:port endpoint"),
              org.assertj.core.groups.Tuple.tuple("kafka", null, "port is not a number: ''"),
              org.assertj.core.groups.Tuple.tuple("kafka", null, "not a host:port endpoint"));
    }
  }
}
