package io.linkmesh.domain.connectivity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The one rule for reading endpoint text, shared by every config language's extractor. */
class ExporterEndpointTest {

  private static final String ID = "exporter";

  private static ExporterEndpoint at(
      EndpointProtocol protocol, String raw, String host, int port, boolean tls) {
    return new ExporterEndpoint(ID, protocol, raw, host, port, tls, null);
  }

  @Nested
  class AsUrl {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
      "https://otlp.example.com/otlp, otlp.example.com, 443, true",
      "http://mimir.internal/api/v1/push, mimir.internal, 80, false",
      "HTTPS://loki.internal:3100/push, loki.internal, 3100, true",
      "'  https://padded.example.com  ', padded.example.com, 443, true",
      "'https://[2001:db8::1]:3100/push', 2001:db8::1, 3100, true",
      "https://user:secret@host.example.com, host.example.com, 443, true"
    })
    void httpAndHttpsUrlsGiveHostPortAndTls(String raw, String host, int port, boolean tls) {
      assertThat(ExporterEndpoint.parseUrl(ID, EndpointProtocol.OTLP_HTTP, raw))
          .isEqualTo(at(EndpointProtocol.OTLP_HTTP, raw, host, port, tls));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
      "ftp://logs.example.net, unsupported URL scheme 'ftp'",
      "'not a url', 'not a valid URL: Illegal character in path'",
      "'ht tp://x', 'not a valid URL: Illegal character in scheme name'",
      "http://, 'not a valid URL: Expected authority'",
      "//host.example.com/path, not an http(s) URL",
      "http:///path, URL has no host"
    })
    void anythingElseIsUndeterminedWithTheReason(String raw, String reason) {
      ExporterEndpoint endpoint = ExporterEndpoint.parseUrl(ID, EndpointProtocol.LOKI, raw);
      assertThat(endpoint)
          .isEqualTo(ExporterEndpoint.undetermined(ID, EndpointProtocol.LOKI, raw, reason));
      assertThat(endpoint.host()).isNull();
      assertThat(endpoint.port()).isZero();
    }

    @Test
    void aReasonNeverRepeatsTheUrlItsCredentialIncluded() {
      String raw = "https://user:s3cret@host name.example.com/";
      assertThat(ExporterEndpoint.parseUrl(ID, EndpointProtocol.OTLP_HTTP, raw).undetermined())
          .startsWith("not a valid URL")
          .doesNotContain("s3cret");
    }
  }

  @Nested
  class AsHostPort {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
      "tempo.example.com:4317, tempo.example.com, 4317",
      "10.0.0.5:4317, 10.0.0.5, 4317",
      "'[2001:db8::1]:4317', 2001:db8::1, 4317",
      "' gw:4317 ', gw, 4317"
    })
    void hostAndPortAreSplitAndTlsIsAsTheConfigSays(String raw, String host, int port) {
      assertThat(ExporterEndpoint.parseHostPort(ID, EndpointProtocol.OTLP_GRPC, raw, true))
          .isEqualTo(at(EndpointProtocol.OTLP_GRPC, raw, host, port, true));
    }

    @Test
    void kafkaWithoutAPortDialsItsDefault() {
      assertThat(ExporterEndpoint.parseHostPort(ID, EndpointProtocol.KAFKA, "kafka-2", false))
          .isEqualTo(at(EndpointProtocol.KAFKA, "kafka-2", "kafka-2", 9092, false));
      assertThat(ExporterEndpoint.parseHostPort(ID, EndpointProtocol.KAFKA, "[::1]", false))
          .isEqualTo(at(EndpointProtocol.KAFKA, "[::1]", "::1", 9092, false));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
      "tempo.example.com, endpoint has no port",
      "'[2001:db8::1', unbalanced '[' in host",
      "'[2001:db8::1]x', not a host:port endpoint",
      "2001:db8::1:4317, not a host:port endpoint",
      "host/path:4317, not a host:port endpoint",
      "'two words:4317', not a host:port endpoint",
      ":4317, not a host:port endpoint",
      "host:, 'port is not a number: '''''",
      "host:port, 'port is not a number: ''port'''",
      "host:-1, 'port is not a number: ''-1'''",
      "host:70000, port out of range: 70000",
      "host:0, port out of range: 0"
    })
    void anythingElseIsUndeterminedWithTheReason(String raw, String reason) {
      assertThat(ExporterEndpoint.parseHostPort(ID, EndpointProtocol.OTLP_GRPC, raw, true))
          .isEqualTo(ExporterEndpoint.undetermined(ID, EndpointProtocol.OTLP_GRPC, raw, reason));
    }

    @Test
    void aLongBadPortIsQuotedOnlyInPart() {
      String raw = "host:" + "x".repeat(200);
      assertThat(
              ExporterEndpoint.parseHostPort(ID, EndpointProtocol.KAFKA, raw, false).undetermined())
          .isEqualTo("port is not a number: '" + "x".repeat(32) + "...'");
    }
  }

  @Nested
  class AsGrpcTarget {

    @Test
    void dnsPrefixIsGrpcNameSyntaxNotAUrl() {
      assertThat(ExporterEndpoint.parseGrpcTarget(ID, "dns:///collector.internal:4317", false))
          .isEqualTo(
              at(
                  EndpointProtocol.OTLP_GRPC,
                  "dns:///collector.internal:4317",
                  "collector.internal",
                  4317,
                  false));
    }

    @Test
    void aUrlsSchemeDecidesTlsOverTheConfigsSetting() {
      assertThat(ExporterEndpoint.parseGrpcTarget(ID, "https://collector.example.com", false))
          .isEqualTo(
              at(
                  EndpointProtocol.OTLP_GRPC,
                  "https://collector.example.com",
                  "collector.example.com",
                  443,
                  true));
      assertThat(ExporterEndpoint.parseGrpcTarget(ID, "http://gw:4317", true).tls()).isFalse();
    }

    @Test
    void hostPortTakesTheConfigsTlsAndNeedsAPort() {
      assertThat(ExporterEndpoint.parseGrpcTarget(ID, "gw:4317", true))
          .isEqualTo(at(EndpointProtocol.OTLP_GRPC, "gw:4317", "gw", 4317, true));
      assertThat(ExporterEndpoint.parseGrpcTarget(ID, "gw", true).undetermined())
          .isEqualTo("endpoint has no port");
    }
  }

  @Test
  void aDeterminedEndpointNeedsAHostAndAPort() {
    assertThatThrownBy(
            () -> new ExporterEndpoint(ID, EndpointProtocol.KAFKA, "k", null, 9092, false, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> new ExporterEndpoint(ID, EndpointProtocol.KAFKA, "k", "k", 70000, false, null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
