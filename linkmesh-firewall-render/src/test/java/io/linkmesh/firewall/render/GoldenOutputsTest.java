package io.linkmesh.firewall.render;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.linkmesh.domain.connectivity.Deployment;
import io.linkmesh.domain.connectivity.Direction;
import io.linkmesh.domain.connectivity.FirewallFixture;
import io.linkmesh.domain.connectivity.FirewallReport;
import io.linkmesh.domain.connectivity.FirewallRule;
import io.linkmesh.domain.connectivity.Plane;
import io.linkmesh.domain.connectivity.Requirement;
import io.linkmesh.domain.fleet.CollectorRuntime;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The renderings of five reports (both runtimes with a Git store, an external port that differs
 * from the listen port, hostile names in configs, an empty fleet, and odd characters in every
 * field) against the files the hand-written renderers produced before they moved out of the domain,
 * in {@code src/test/resources/golden}. Every format but Kubernetes is compared byte for byte; the
 * Kubernetes YAML, written by snakeyaml-engine since, must parse to the same documents and keep
 * every comment line, in order.
 */
class GoldenOutputsTest {
  static final Map<String, FirewallReport> REPORTS = new LinkedHashMap<>();

  @BeforeAll
  static void reports() {
    FirewallFixture fixture = new FirewallFixture();
    fixture.fleet.add("web-01", "web-01", CollectorRuntime.OTELCOL, Map.of("env", "prod"));
    fixture.fleet.add("edge-01", "edge-01", CollectorRuntime.ALLOY, Map.of());
    fixture.put(
        "kafka-out",
        CollectorRuntime.OTELCOL,
        Map.of("env", "prod"),
        "kafka/out KAFKA kafka-1:9092,kafka-2:9093\n"
            + "otlphttp OTLP_HTTP https://otlp.example.com\n"
            + "otlp/local OTLP_GRPC 10.1.2.3:4317\n"
            + "otlp6 OTLP_GRPC [2001:db8::1]:4317\n"
            + "otlp/env OTLP_GRPC ${env:OTLP_ENDPOINT}");
    fixture.put(
        "metrics",
        CollectorRuntime.ALLOY,
        Map.of(),
        "prometheus.remote_write.default PROMETHEUS_REMOTE_WRITE"
            + " https://prom.example.com:9090/api/v1/write");
    REPORTS.put(
        "full",
        fixture
            .firewall(
                Deployment.builder()
                    .externalUrl("https://linkmesh.example.com")
                    .listenPort(443)
                    .gitStore("git@github.com:acme/linkmesh-state.git")
                    .build())
            .rules());
    REPORTS.put(
        "proxied",
        fixture
            .firewall(Deployment.builder().externalUrl("https://10.9.9.9").listenPort(8443).build())
            .rules());
    fixture.put(
        "hostile",
        CollectorRuntime.OTELCOL,
        Map.of(),
        "x\"};flush_ruleset;# KAFKA evil\";}{$(reboot):9092\n"
            + "y OTHER_HTTP ${env:A\"};flush}\n"
            + "a|b OTHER_HTTP ${env:A|B}\n"
            + "evil KAFKA evil$(reboot);'x:9092");
    REPORTS.put(
        "hostile",
        fixture
            .firewall(
                Deployment.builder()
                    .externalUrl("http://linkmesh.example.com:8080")
                    .listenPort(8080)
                    .gitStore("/srv/state.git")
                    .build())
            .rules());
    REPORTS.put(
        "empty",
        new FirewallFixture()
            .firewall(Deployment.builder().externalUrl("http://10.0.0.5:8080").build())
            .rules());
    REPORTS.put("odd", odd());
  }

  /** Control characters, line and paragraph separators, quotes, markup and a formula. */
  private static FirewallReport odd() {
    Deployment d =
        Deployment.builder()
            .externalUrl("https://[2001:db8::9]:9443")
            .listenPort(8443)
            .gitStore("https://user:pw@git.example.com:8443/state.git")
            .build();
    String odd = "odd\u0001\b\f\u001f\u2028\u2029\t\r\n\"\\/é😀<&>--|,=x";
    return new FirewallReport(
        d,
        null,
        "collector " + odd,
        List.of(
            FirewallRule.control(
                odd,
                "to " + odd,
                d.server(),
                "HTTPS " + odd,
                "p " + odd,
                Requirement.YES,
                "r " + odd),
            FirewallRule.store(
                "server", "git.example.com", 8443, "HTTPS", "git " + odd, "why " + odd),
            new FirewallRule(
                Plane.DATA,
                "c " + odd,
                "=to" + odd,
                "2001:db8::7",
                4317,
                "gRPC",
                Direction.OUTBOUND,
                "pp",
                Requirement.AS_CONFIGURED,
                "rr" + odd,
                List.of("a" + odd, "b"),
                List.of("s1", "s2" + odd),
                List.of("c1", "c2"),
                25,
                null),
            new FirewallRule(
                Plane.DATA,
                "c",
                "?",
                null,
                0,
                "gRPC",
                Direction.OUTBOUND,
                "pp",
                Requirement.AS_CONFIGURED,
                "rr",
                List.of(),
                List.of(),
                List.of(),
                0,
                "u " + odd)));
  }

  static List<String> textOutputs() {
    List<String> out = new ArrayList<>();
    for (String report : List.of("full", "proxied", "hostile", "empty", "odd")) {
      for (String format : List.of("json", "markdown", "csv")) {
        out.add(report + "." + format);
      }
      for (String format : List.of("nftables", "iptables")) {
        for (HostRole role : HostRole.values()) {
          out.add(report + "." + format + "." + role.name().toLowerCase(Locale.ROOT));
        }
      }
    }
    return out;
  }

  static List<String> reportNames() {
    return List.of("full", "proxied", "hostile", "empty", "odd");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("textOutputs")
  void textRenderingsAreByteForByteWhatTheyWere(String name) throws IOException {
    String[] parts = name.split("\\.");
    FirewallFormat format = FirewallFormat.parse(parts[1]).orElseThrow();
    HostRole role = parts.length > 2 ? HostRole.parse(parts[2]).orElseThrow() : HostRole.ALL;

    assertThat(format.render(REPORTS.get(parts[0]), role)).isEqualTo(golden(name));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("reportNames")
  void kubernetesPoliciesParseToTheSameDocumentsWithTheSameComments(String report)
      throws IOException {
    assertSameYaml(FirewallFormat.K8S.render(REPORTS.get(report)), golden(report + ".k8s"));
    assertSameYaml(
        KubernetesRenderer.of(
                Map.of("app", "linkmesh-server", "tier", "control"),
                "role",
                List.of("collector", "x.y"),
                "observability")
            .render(REPORTS.get(report)),
        golden(report + ".k8s-options"));
  }

  private static void assertSameYaml(String actual, String expected) {
    assertThat(documents(actual)).isEqualTo(documents(expected));
    assertThat(comments(actual)).isEqualTo(comments(expected));
  }

  private static List<Object> documents(String yaml) {
    List<Object> docs = new ArrayList<>();
    new Load(LoadSettings.builder().build()).loadAllFromString(yaml).forEach(docs::add);
    return docs;
  }

  /** The comment lines, whatever their indentation or a sequence indicator before them. */
  private static List<String> comments(String yaml) {
    List<String> out = new ArrayList<>();
    for (String line : yaml.split("\n")) {
      String text = line.strip();
      if (text.startsWith("- #")) {
        text = text.substring(2);
      }
      if (text.startsWith("#")) {
        out.add(text);
      }
    }
    return out;
  }

  private static String golden(String name) throws IOException {
    try (InputStream in = GoldenOutputsTest.class.getResourceAsStream("/golden/" + name)) {
      return new String(Objects.requireNonNull(in, name).readAllBytes(), UTF_8);
    }
  }
}
