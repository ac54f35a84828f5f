package io.linkmesh.firewall.render.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.linkmesh.domain.connectivity.Deployment;
import io.linkmesh.domain.connectivity.FirewallFixture;
import io.linkmesh.domain.connectivity.FirewallReport;
import io.linkmesh.domain.connectivity.FirewallRule;
import io.linkmesh.domain.connectivity.Plane;
import io.linkmesh.domain.fleet.CollectorRuntime;
import io.linkmesh.firewall.render.FirewallFormat;
import io.linkmesh.firewall.render.HostRole;
import io.linkmesh.firewall.render.KubernetesRenderer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

class FirewallRenderersTest {
  private static final String EXTERNAL = "https://linkmesh.example.com";

  private final FirewallFixture fixture = new FirewallFixture();
  private FirewallReport report;

  @BeforeEach
  void aDeploymentWithBothRuntimesAndAGitStore() {
    fixture.fleet.add("web-01", "web-01", CollectorRuntime.OTELCOL, Map.of("env", "prod"));
    fixture.fleet.add("edge-01", "edge-01", CollectorRuntime.ALLOY, Map.of());
    fixture.put(
        "kafka-out",
        CollectorRuntime.OTELCOL,
        Map.of("env", "prod"),
        "kafka/out KAFKA kafka-1:9092,kafka-2:9093\n"
            + "otlphttp OTLP_HTTP https://otlp.example.com\n"
            + "otlp/local OTLP_GRPC 10.1.2.3:4317\n"
            + "otlp/env OTLP_GRPC ${env:OTLP_ENDPOINT}");
    fixture.put(
        "metrics",
        CollectorRuntime.ALLOY,
        Map.of(),
        "prometheus.remote_write.default PROMETHEUS_REMOTE_WRITE"
            + " https://prom.example.com:9090/api/v1/write");
    report =
        fixture
            .firewall(
                Deployment.builder()
                    .externalUrl(EXTERNAL)
                    .listenPort(443)
                    .gitStore("git@github.com:acme/linkmesh-state.git")
                    .build())
            .rules();
  }

  private String revision() {
    return report.revision().value();
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(FirewallFormat.class)
  void everyRenderingNamesItsDeploymentAndRevisionAndThatNothingGoesInboundToCollectors(
      FirewallFormat format) {
    String text = format.render(report);

    assertThat(text).contains(EXTERNAL).contains(revision());
    assertThat(text).contains("Nothing inbound to a collector or an agent, ever");
  }

  @Test
  void formatsAreFoundByTheirNames() {
    assertThat(FirewallFormat.parse("NFTABLES")).contains(FirewallFormat.NFTABLES);
    assertThat(FirewallFormat.parse("md")).contains(FirewallFormat.MARKDOWN);
    assertThat(FirewallFormat.parse("kubernetes")).contains(FirewallFormat.K8S);
    assertThat(FirewallFormat.parse("xml")).isEmpty();
  }

  @Test
  void aRolePicksTheHostSectionOfTheHostExportsOnly() {
    assertThat(HostRole.parse("Collectors")).contains(HostRole.COLLECTORS);
    assertThat(HostRole.parse("router")).isEmpty();
    assertThat(FirewallFormat.NFTABLES.render(report, HostRole.SERVER))
        .isEqualTo(NftablesRenderer.render(report, HostRole.SERVER));
    assertThat(FirewallFormat.IPTABLES.render(report, HostRole.COLLECTORS))
        .isEqualTo(IptablesRenderer.render(report, HostRole.COLLECTORS))
        .doesNotContain("-A INPUT");
    assertThat(FirewallFormat.MARKDOWN.render(report, HostRole.SERVER))
        .isEqualTo(MarkdownRenderer.render(report));
  }

  @Nested
  class Markdown {
    @Test
    void keepsThePlanesApartWithATableEachAfterASummary() {
      String md = MarkdownRenderer.render(report);

      assertThat(md).startsWith("<!-- LinkMesh firewall rules (Markdown)");
      assertThat(md.indexOf("## At a glance"))
          .isLessThan(md.indexOf("## Control plane: inbound to the LinkMesh server"));
      assertThat(md.indexOf("## Control plane"))
          .isLessThan(md.indexOf("## Data plane: outbound from the collectors' network"));
      assertThat(md.indexOf("## Data plane")).isLessThan(md.indexOf("## Store"));
      assertThat(md)
          .contains("- **Inbound to the LinkMesh server** (`linkmesh.example.com`): TCP 443 only")
          .contains("- **Inbound to collectors and agents:** nothing, ever.")
          .contains(
              "- **Outbound from collectors** (data plane, as configured): 5 rules to 5 backend addresses")
          .contains("- **Outbound from the server:** `github.com:22`, SSH (Git), for the Git store")
          .contains("- **Could not be determined:** 1 endpoint");
    }

    @Test
    void reproducesTheControlPlaneTable() {
      String md = MarkdownRenderer.render(report);
      String to = "LinkMesh server (linkmesh.example.com)";

      assertThat(md)
          .contains(
              "| From | To | Port | Protocol | Purpose | Required | Why |\n"
                  + "|---|---|---|---|---|---|---|\n"
                  + "| operator browser | "
                  + to
                  + " | 443 | HTTPS | Web UI (/) and REST API (/api/v1) | yes |")
          .contains(
              "| otelcol collectors (opampsupervisor / opamp extension) | "
                  + to
                  + " | 443 | HTTPS (OpAMP, WSS) | OpAMP: remote config, status and health"
                  + " (/v1/opamp) | yes |")
          .contains(
              "| Alloy collectors (remotecfg) | "
                  + to
                  + " | 443 | HTTPS (Alloy remotecfg, Connect) | remotecfg: register and fetch"
                  + " config (/collector.v1.CollectorService) | yes |")
          .contains(
              "| collectors (own metrics) | "
                  + to
                  + " | 443 | HTTPS (OTLP/HTTP) | Collectors' own metrics for per-component"
                  + " throughput (/v1/metrics) | optional |")
          .contains(
              "| onboarding agent (linkmesh agent) | "
                  + to
                  + " | 443 | HTTPS (WSS) | Onboarding agent: discovery and connectivity checks"
                  + " (/v1/agent) | optional |");
    }

    @Test
    void listsEachBackendWithWhoNeedsItAndWhatCouldNotBeDetermined() {
      String md = MarkdownRenderer.render(report);

      assertThat(md)
          .contains(
              "| otelcol collectors | kafka-1 | 9092 | Kafka | Kafka broker | as-configured |"
                  + " kafka-out: otelcol collectors with env=prod - web-01 | exporter kafka/out in"
                  + " config kafka-out |")
          .contains("| Alloy collectors | prom.example.com | 9090 |")
          .contains("### Could not be determined")
          .contains("`${env:OTLP_ENDPOINT}`");
    }

    @Test
    void escapesTableCells() {
      fixture.put("pipes", CollectorRuntime.OTELCOL, Map.of(), "a|b OTHER_HTTP ${env:A|B}");
      String md =
          MarkdownRenderer.render(
              fixture.firewall(Deployment.builder().externalUrl(EXTERNAL).build()).rules());

      assertThat(md).contains("exporter a\\|b in config pipes").contains("${env:A\\|B}");
    }
  }

  @Nested
  class Csv {
    @Test
    void hasACommentHeaderAColumnRowAndOneRowPerRule() {
      String[] lines = CsvRenderer.render(report).split("\r\n");

      assertThat(lines[0]).startsWith("# LinkMesh firewall rules (CSV)");
      List<String> rows = new ArrayList<>();
      for (String line : lines) {
        if (!line.startsWith("#")) {
          rows.add(line);
        }
      }
      assertThat(rows.get(0)).isEqualTo(CsvRenderer.COLUMNS);
      assertThat(rows).hasSize(1 + report.rules().size());
      assertThat(rows.get(1))
          .startsWith(
              "control,inbound,operator browser,LinkMesh server (linkmesh.example.com),"
                  + "linkmesh.example.com,443,HTTPS,Web UI (/) and REST API (/api/v1),yes,");
      assertThat(rows)
          .anySatisfy(
              row ->
                  assertThat(row)
                      .startsWith("data,outbound,otelcol collectors,kafka-2,kafka-2,9093,Kafka,"));
    }

    @Test
    void quotesFieldsAndDefusesSpreadsheetFormulas() {
      assertThat(CsvRenderer.field("a,b")).isEqualTo("\"a,b\"");
      assertThat(CsvRenderer.field("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
      assertThat(CsvRenderer.field("=cmd()")).isEqualTo("'=cmd()");
      assertThat(CsvRenderer.field("plain")).isEqualTo("plain");
    }
  }

  @Nested
  class Nftables {
    @Test
    void isAcceptedByNftCheck(@TempDir Path dir) throws Exception {
      requireNftCheck(dir);
      for (HostRole role : HostRole.values()) {
        Path file = dir.resolve("linkmesh-" + role + ".nft");
        Files.writeString(file, NftablesRenderer.render(report, role), UTF_8);
        NftResult result = nftCheck(file);
        assertThat(result.exit)
            .as("nft -c -f for role %s said: %s%n%s", role, result.output, Files.readString(file))
            .isZero();
      }
      Path empty = dir.resolve("empty.nft");
      Files.writeString(
          empty,
          NftablesRenderer.render(
              new FirewallFixture()
                  .firewall(Deployment.builder().externalUrl("http://10.0.0.5:8080").build())
                  .rules(),
              HostRole.ALL),
          UTF_8);
      assertThat(nftCheck(empty).exit).as(nftCheck(empty).output).isZero();
    }

    @Test
    void hostileNamesInConfigsStillGiveAValidRuleset(@TempDir Path dir) throws Exception {
      requireNftCheck(dir);
      fixture.put(
          "hostile",
          CollectorRuntime.OTELCOL,
          Map.of(),
          "x\"};flush_ruleset;# KAFKA evil\";}{$(reboot):9092\n"
              + "y OTHER_HTTP ${env:A\"};flush}");
      Path file = dir.resolve("hostile.nft");
      Files.writeString(
          file,
          NftablesRenderer.render(
              fixture.firewall(Deployment.builder().externalUrl(EXTERNAL).build()).rules(),
              HostRole.ALL),
          UTF_8);

      NftResult result = nftCheck(file);

      assertThat(result.exit).as(result.output + Files.readString(file)).isZero();
      assertThat(Files.readString(file))
          .contains("tcp dport 9092 counter accept comment \"data: evil ;}{S(reboot):9092")
          .contains("# UNDETERMINED, open by hand: exporter y in config hostile")
          .doesNotContain("\nflush ruleset");
    }

    @Test
    void opensTheServerPortInboundAndEachBackendOutbound() {
      String nft = NftablesRenderer.render(report, HostRole.ALL);
      List<String> lines = Arrays.asList(nft.split("\n"));

      assertThat(lines.get(0)).isEqualTo("#!/usr/sbin/nft -f");
      assertThat(nft)
          .contains("table inet linkmesh_server {")
          .contains("table inet linkmesh_collectors {");
      assertThat(count(nft, '{')).isEqualTo(count(nft, '}'));
      assertThat(nft)
          .contains("type filter hook input priority filter; policy drop;")
          .contains("type filter hook output priority filter; policy drop;");
      assertThat(nft).contains("    tcp dport 22 accept comment \"management SSH, not LinkMesh");
      assertThat(lines)
          .filteredOn(l -> l.strip().startsWith("tcp dport 443 counter accept"))
          .extracting(l -> l.substring(l.indexOf("comment")))
          .containsExactly(
              "comment \"linkmesh control plane: UI, API and collector channels\"",
              "comment \"control: LinkMesh server linkmesh.example.com:443\"",
              "comment \"data: otlp.example.com:443 HTTPS (OTLP/HTTP) [kafka-out]\"");
      assertThat(nft)
          .contains(
              "    tcp dport 9092 counter accept comment \"data: kafka-1:9092 Kafka [kafka-out]\"")
          .contains(
              "    tcp dport 9093 counter accept comment \"data: kafka-2:9093 Kafka [kafka-out]\"")
          .contains("    tcp dport 9090 counter accept comment")
          .contains("    ip daddr 10.1.2.3 tcp dport 4317 counter accept comment")
          .contains("    tcp dport 22 counter accept comment \"store: github.com:22 SSH (Git)\"")
          .contains("# UNDETERMINED, open by hand: exporter otlp/env in config kafka-out");
      for (String line : lines) {
        int at = line.indexOf("comment \"");
        if (at >= 0) {
          String comment = line.substring(at + 9, line.length() - 1);
          assertThat(comment).hasSizeLessThanOrEqualTo(128).doesNotContain("\"");
        }
      }
    }

    @Test
    void aRoleGetsOnlyItsOwnTable() {
      assertThat(NftablesRenderer.render(report, HostRole.SERVER))
          .contains("linkmesh_server")
          .doesNotContain("table inet linkmesh_collectors");
      assertThat(NftablesRenderer.render(report, HostRole.COLLECTORS))
          .contains("linkmesh_collectors")
          .doesNotContain("table inet linkmesh_server");
    }

    private void requireNftCheck(Path dir) throws Exception {
      Path probe = dir.resolve("probe.nft");
      Files.writeString(probe, "table inet linkmesh_probe {\n}\n", UTF_8);
      NftResult result;
      try {
        result = nftCheck(probe);
      } catch (IOException e) {
        result = new NftResult(-1, "cannot run nft: " + e.getMessage());
      }
      NftResult seen = result;
      Assumptions.assumeTrue(
          seen.exit == 0,
          () -> {
            String reason =
                "SKIPPED nft -c -f CHECK: `nft -c -f` cannot check even an empty table here ("
                    + seen.output.strip()
                    + "). Install nftables (apt-get install nftables) and run as a user with"
                    + " CAP_NET_ADMIN; the structural checks in this class still ran.";
            System.err.println(reason);
            return reason;
          });
    }
  }

  @Nested
  class Iptables {
    @Test
    void appendsAcceptRulesForTheServerPortAndEachBackend() throws Exception {
      String sh = IptablesRenderer.render(report, HostRole.ALL);

      assertThat(sh)
          .startsWith("#!/bin/sh\n")
          .contains(
              "iptables -A INPUT -p tcp --dport 443 -m conntrack --ctstate NEW -m comment"
                  + " --comment 'linkmesh control plane: UI, API and collector channels' -j ACCEPT")
          .contains("ip6tables -A INPUT -p tcp --dport 443")
          .contains("iptables -A OUTPUT -p tcp -d github.com --dport 22")
          .contains("iptables -A OUTPUT -p tcp -d linkmesh.example.com --dport 443")
          .contains("iptables -A OUTPUT -p tcp -d kafka-1 --dport 9092")
          .contains("iptables -A OUTPUT -p tcp -d kafka-2 --dport 9093")
          .contains("iptables -A OUTPUT -p tcp -d 10.1.2.3 --dport 4317")
          .contains("# UNDETERMINED, open by hand");
      assertShellSyntax(sh);
    }

    @Test
    void neverPutsAHostileHostOnACommandLine() throws Exception {
      fixture.put("evil", CollectorRuntime.OTELCOL, Map.of(), "x KAFKA evil$(reboot);'x:9092");
      String sh =
          IptablesRenderer.render(
              fixture.firewall(Deployment.builder().externalUrl(EXTERNAL).build()).rules(),
              HostRole.COLLECTORS);

      assertThat(sh).contains("# SKIPPED, not a plain host name");
      for (String line : sh.split("\n")) {
        if (!line.startsWith("#")) {
          assertThat(line).doesNotContain("reboot");
        }
      }
      assertShellSyntax(sh);
    }

    private void assertShellSyntax(String script) throws Exception {
      Path sh = Path.of("/bin/sh");
      Assumptions.assumeTrue(Files.isExecutable(sh), "no /bin/sh to check the syntax with");
      Process p = new ProcessBuilder(sh.toString(), "-n").redirectErrorStream(true).start();
      p.getOutputStream().write(script.getBytes(UTF_8));
      p.getOutputStream().close();
      assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes(), UTF_8)).isZero();
    }
  }

  @Nested
  class Kubernetes {
    @Test
    void parsesAsNetworkPoliciesWithTheRightSelectorsAndPorts() {
      String yaml = KubernetesRenderer.defaults().render(report);
      List<Map<String, Object>> docs = documents(yaml);

      assertThat(docs)
          .extracting(d -> map(d.get("metadata")).get("name"))
          .containsExactly(
              "linkmesh-server-ingress", "linkmesh-server-egress", "linkmesh-collectors-egress");
      for (Map<String, Object> doc : docs) {
        assertNetworkPolicy(doc);
      }

      Map<String, Object> ingress = map(docs.get(0).get("spec"));
      assertThat(map(map(ingress.get("podSelector")).get("matchLabels")))
          .containsEntry("app.kubernetes.io/name", "linkmesh");
      assertThat(ingress.get("policyTypes")).isEqualTo(List.of("Ingress"));
      assertThat(ports(ingress.get("ingress"))).containsExactly("TCP/443");

      Map<String, Object> serverEgress = map(docs.get(1).get("spec"));
      assertThat(serverEgress.get("policyTypes")).isEqualTo(List.of("Egress"));
      assertThat(ports(serverEgress.get("egress"))).containsExactly("UDP/53", "TCP/53", "TCP/22");

      Map<String, Object> collectors = map(docs.get(2).get("spec"));
      Map<String, Object> expression =
          map(list(map(collectors.get("podSelector")).get("matchExpressions")).get(0));
      assertThat(expression)
          .containsEntry("key", "app.kubernetes.io/name")
          .containsEntry("operator", "In")
          .containsEntry("values", List.of("opentelemetry-collector", "alloy"));
      assertThat(collectors.get("policyTypes")).isEqualTo(List.of("Egress"));
      assertThat(ports(collectors.get("egress")))
          .containsExactly(
              "UDP/53",
              "TCP/53",
              "TCP/443",
              "TCP/4317",
              "TCP/9092",
              "TCP/9093",
              "TCP/443",
              "TCP/9090");
      assertThat(yaml).contains("cidr: \"10.1.2.3/32\"");
    }

    @Test
    void takesItsLabelsAndNamespaceFromOptions() {
      String yaml =
          KubernetesRenderer.of(
                  Map.of("app", "linkmesh-server"), "role", List.of("collector"), "observability")
              .render(report);

      for (Map<String, Object> doc : documents(yaml)) {
        assertThat(map(doc.get("metadata"))).containsEntry("namespace", "observability");
      }
      assertThat(yaml).contains("\"app\": \"linkmesh-server\"").contains("- key: \"role\"");
      assertThatThrownBy(
              () -> KubernetesRenderer.of(Map.of("a b", "c"), "role", List.of("x"), null))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("label key");
    }

    private void assertNetworkPolicy(Map<String, Object> doc) {
      assertThat(doc).containsEntry("apiVersion", "networking.k8s.io/v1");
      assertThat(doc).containsEntry("kind", "NetworkPolicy");
      assertThat(doc.keySet()).containsExactlyInAnyOrder("apiVersion", "kind", "metadata", "spec");
      assertThat((String) map(doc.get("metadata")).get("name"))
          .matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
      Map<String, Object> spec = map(doc.get("spec"));
      assertThat(spec.keySet()).isSubsetOf("podSelector", "policyTypes", "ingress", "egress");
      assertThat(spec.get("podSelector")).isInstanceOf(Map.class);
      List<Object> types = list(spec.get("policyTypes"));
      assertThat(types).isNotEmpty().isSubsetOf("Ingress", "Egress");
      for (Object type : types) {
        String key = type.equals("Ingress") ? "ingress" : "egress";
        for (Object rule : list(spec.get(key))) {
          assertThat(map(rule).keySet())
              .isSubsetOf("ports", type.equals("Ingress") ? "from" : "to");
          for (Object port : list(map(rule).get("ports"))) {
            assertThat(map(port).get("protocol")).isIn("TCP", "UDP", "SCTP");
            assertThat((Integer) map(port).get("port")).isBetween(1, 65535);
          }
        }
      }
    }

    private List<String> ports(Object rules) {
      List<String> out = new ArrayList<>();
      for (Object rule : list(rules)) {
        for (Object port : list(map(rule).get("ports"))) {
          out.add(map(port).get("protocol") + "/" + map(port).get("port"));
        }
      }
      return out;
    }
  }

  @Nested
  class Json {
    @Test
    void carriesTheContractRuleShape() {
      Map<String, Object> json =
          map(new Load(LoadSettings.builder().build()).loadFromString(JsonRenderer.render(report)));

      assertThat(json).containsEntry("revision", revision());
      List<Object> rules = list(json.get("rules"));
      assertThat(rules).hasSize(report.rules().size());
      Map<String, Object> first = map(rules.get(0));
      assertThat(first)
          .containsEntry("plane", "control")
          .containsEntry("from", "operator browser")
          .containsEntry("port", 443)
          .containsEntry("protocol", "HTTPS")
          .containsEntry("direction", "inbound")
          .containsEntry("required", "yes");
      assertThat(first.keySet())
          .contains("plane", "from", "to", "port", "protocol", "direction", "purpose", "required");
      Map<String, Object> undetermined =
          map(
              rules.stream()
                  .filter(r -> map(r).get("undetermined") != null)
                  .findFirst()
                  .orElseThrow());
      assertThat(undetermined).containsEntry("port", null).containsEntry("host", null);
      assertThat(undetermined.get("to")).isEqualTo("${env:OTLP_ENDPOINT}");
    }

    @Test
    void writesEveryRuleOfTheReportWithItsWireNames() {
      List<Object> rules =
          list(
              map(new Load(LoadSettings.builder().build())
                      .loadFromString(JsonRenderer.render(report)))
                  .get("rules"));

      assertThat(rules).hasSize(report.rules().size());
      FirewallRule store = report.rules(Plane.STORE).get(0);
      assertThat(rules)
          .anySatisfy(
              r ->
                  assertThat(map(r))
                      .containsEntry("plane", "store")
                      .containsEntry("port", store.port())
                      .containsEntry("direction", "outbound")
                      .containsEntry("required", "yes"));
    }

    @Test
    void everyStringReadsBackAsItWasGiven() {
      String odd = "a\"b\\c\nd\u0001\b\f\u2028\u2029é😀</script>";
      FirewallReport scoped =
          new FirewallReport(report.deployment(), report.revision(), odd, report.rules());

      String json = JsonRenderer.render(scoped);

      assertThat(map(new Load(LoadSettings.builder().build()).loadFromString(json)))
          .containsEntry("scope", odd);
      assertThat(json).contains("\\u2028").doesNotContain("\u2028");
    }
  }

  // ---------------------------------------------------------------- helpers

  private record NftResult(int exit, String output) {}

  private static NftResult nftCheck(Path file) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(nft(), "-c", "-f", file.toString()).redirectErrorStream(true).start();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return new NftResult(-1, "nft -c did not finish within 30 s");
    }
    return new NftResult(p.exitValue(), new String(p.getInputStream().readAllBytes(), UTF_8));
  }

  private static String nft() {
    for (String candidate : List.of("/usr/sbin/nft", "/sbin/nft", "/usr/bin/nft")) {
      if (Files.isExecutable(Path.of(candidate))) {
        return candidate;
      }
    }
    return "nft";
  }

  private static List<Map<String, Object>> documents(String yaml) {
    List<Map<String, Object>> docs = new ArrayList<>();
    for (Object doc : new Load(LoadSettings.builder().build()).loadAllFromString(yaml)) {
      docs.add(map(doc));
    }
    return docs;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    assertThat(o).isInstanceOf(Map.class);
    return (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object o) {
    assertThat(o).isInstanceOf(List.class);
    return (List<Object>) o;
  }

  private static long count(String s, char c) {
    return s.chars().filter(x -> x == c).count();
  }
}
