package io.linkmesh.domain.connectivity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.linkmesh.domain.fleet.CollectorId;
import io.linkmesh.domain.fleet.CollectorRuntime;
import io.linkmesh.domain.service.FirewallService;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FirewallServiceTest {
  private static final CollectorRuntime OTELCOL = CollectorRuntime.OTELCOL;
  private static final CollectorRuntime ALLOY = CollectorRuntime.ALLOY;

  private final FirewallFixture fixture = new FirewallFixture();

  private static Deployment production() {
    return Deployment.builder().externalUrl("https://linkmesh.example.com").listenPort(443).build();
  }

  private FirewallService firewall() {
    return fixture.firewall(production());
  }

  private List<FirewallRule> data() {
    return firewall().rules().rules(Plane.DATA);
  }

  @Nested
  class ControlPlane {
    @Test
    void defaultDeploymentWithBothRuntimesListsEveryChannelOnTheServerPort() {
      fixture.fleet.add("web-01", "web-01", OTELCOL, Map.of());
      fixture.fleet.add("edge-01", "edge-01", ALLOY, Map.of());
      fixture.put("base", OTELCOL, Map.of(), "otlp OTLP_GRPC tempo.example.com:4317");
      fixture.put("edge", ALLOY, Map.of(), "loki LOKI https://loki.example.com/loki/api/v1/push");

      List<FirewallRule> control = firewall().rules().rules(Plane.CONTROL);

      assertThat(control)
          .extracting(
              FirewallRule::from,
              FirewallRule::port,
              FirewallRule::protocol,
              FirewallRule::required)
          .containsExactly(
              tuple("operator browser", 443, "HTTPS", Requirement.YES),
              tuple(
                  "otelcol collectors (opampsupervisor / opamp extension)",
                  443,
                  "HTTPS (OpAMP, WSS)",
                  Requirement.YES),
              tuple(
                  "Alloy collectors (remotecfg)",
                  443,
                  "HTTPS (Alloy remotecfg, Connect)",
                  Requirement.YES),
              tuple("collectors (own metrics)", 443, "HTTPS (OTLP/HTTP)", Requirement.OPTIONAL),
              tuple("onboarding agent (linkmesh agent)", 443, "HTTPS (WSS)", Requirement.OPTIONAL));
      assertThat(control)
          .allSatisfy(
              rule -> {
                assertThat(rule.direction()).isEqualTo(Direction.INBOUND);
                assertThat(rule.to()).isEqualTo("LinkMesh server (linkmesh.example.com)");
                assertThat(rule.host()).isEqualTo("linkmesh.example.com");
              });
      assertThat(control.get(0).purpose()).contains("Web UI").contains("REST API");
      assertThat(control.get(1).purpose()).contains("/v1/opamp");
      assertThat(control.get(2).purpose()).contains("/collector.v1.CollectorService");
      assertThat(control.get(3).purpose()).contains("/v1/metrics");
      assertThat(control.get(4).purpose()).contains("/v1/agent");
      assertThat(control.get(1).reason())
          .contains("1 otelcol collector registered")
          .contains("1 otelcol config");
    }

    @Test
    void aFreshServerAlreadyListsTheExpectedCollectorChannels() {
      List<FirewallRule> control = firewall().rules().rules(Plane.CONTROL);

      assertThat(control).hasSize(5);
      assertThat(control.get(1).reason()).startsWith("expected by the deployment");
    }

    @Test
    void anAutoChannelAppearsOnlyOnceItsRuntimeIsInUse() {
      Deployment deployment =
          Deployment.builder()
              .externalUrl("https://linkmesh.example.com")
              .alloy(ChannelMode.AUTO)
              .opamp(ChannelMode.AUTO)
              .build();
      FirewallService firewall = fixture.firewall(deployment);
      assertThat(firewall.rules().rules(Plane.CONTROL))
          .extracting(FirewallRule::purpose)
          .noneMatch(p -> p.contains("remotecfg") || p.contains("OpAMP"));

      fixture.fleet.add("edge-01", "edge-01", ALLOY, Map.of());

      assertThat(firewall.rules().rules(Plane.CONTROL))
          .extracting(FirewallRule::purpose)
          .anyMatch(p -> p.contains("remotecfg"))
          .noneMatch(p -> p.contains("OpAMP"));
    }

    @Test
    void channelsThatAreOffHaveNoRule() {
      Deployment deployment =
          Deployment.builder()
              .externalUrl("https://linkmesh.example.com")
              .agent(ChannelMode.OFF)
              .ownMetrics(ChannelMode.OFF)
              .build();

      assertThat(fixture.firewall(deployment).rules().rules(Plane.CONTROL))
          .extracting(FirewallRule::from)
          .containsExactly(
              "operator browser",
              "otelcol collectors (opampsupervisor / opamp extension)",
              "Alloy collectors (remotecfg)");
    }

    @Test
    void theExternalPortCountsAndTheListenPortIsNamedWhenItDiffers() {
      Deployment deployment =
          Deployment.builder().externalUrl("http://10.0.0.5:8080/").listenPort(8443).build();

      List<FirewallRule> control = fixture.firewall(deployment).rules().rules(Plane.CONTROL);

      assertThat(control).extracting(FirewallRule::port).containsOnly(8080);
      assertThat(control.get(1).protocol()).isEqualTo("HTTP (OpAMP, WS)");
      assertThat(control.get(0).reason())
          .contains("external URL http://10.0.0.5:8080/")
          .contains("listens on port 8443");
    }

    @Test
    void withoutAnExternalUrlTheServerIsReachedOnItsListenPort() {
      Deployment deployment = Deployment.builder().build();

      assertThat(fixture.firewall(deployment).rules().rules(Plane.CONTROL))
          .extracting(FirewallRule::port)
          .containsOnly(Deployment.DEFAULT_LISTEN_PORT);
    }
  }

  @Nested
  class DataPlane {
    @Test
    void eachKafkaBrokerHasItsOwnRule() {
      fixture.put("kafka-out", OTELCOL, Map.of(), "kafka/out KAFKA kafka-1:9092,kafka-2:9093");

      assertThat(data())
          .extracting(
              FirewallRule::host,
              FirewallRule::port,
              FirewallRule::protocol,
              FirewallRule::direction)
          .containsExactly(
              tuple("kafka-1", 9092, "Kafka", Direction.OUTBOUND),
              tuple("kafka-2", 9093, "Kafka", Direction.OUTBOUND));
      assertThat(data())
          .allSatisfy(
              rule -> {
                assertThat(rule.required()).isEqualTo(Requirement.AS_CONFIGURED);
                assertThat(rule.purpose()).isEqualTo("Kafka broker");
                assertThat(rule.reason()).isEqualTo("exporter kafka/out in config kafka-out");
                assertThat(rule.configs()).containsExactly("kafka-out");
                assertThat(rule.from()).isEqualTo("otelcol collectors");
              });
    }

    @Test
    void anOtlpHttpUrlWithoutPortUses443() {
      fixture.put("otlp", OTELCOL, Map.of(), "otlphttp OTLP_HTTP https://otlp.example.com");

      assertThat(data())
          .singleElement()
          .satisfies(
              rule -> {
                assertThat(rule.to()).isEqualTo("otlp.example.com");
                assertThat(rule.port()).isEqualTo(443);
                assertThat(rule.protocol()).isEqualTo("HTTPS (OTLP/HTTP)");
              });
    }

    @Test
    void aRemoteWriteUrlWithAnExplicitPortUsesThatPort() {
      fixture.put(
          "metrics",
          ALLOY,
          Map.of(),
          "prometheus.remote_write.default PROMETHEUS_REMOTE_WRITE"
              + " https://prom.example.com:9090/api/v1/write");

      assertThat(data())
          .singleElement()
          .satisfies(
              rule -> {
                assertThat(rule.host()).isEqualTo("prom.example.com");
                assertThat(rule.port()).isEqualTo(9090);
                assertThat(rule.protocol()).isEqualTo("HTTPS (Prometheus remote-write)");
                assertThat(rule.from()).isEqualTo("Alloy collectors");
              });
    }

    @Test
    void removingTheConfigRemovesItsRules() {
      fixture.put("kafka-out", OTELCOL, Map.of(), "kafka/out KAFKA kafka-1:9092,kafka-2:9093");
      fixture.put("otlp", OTELCOL, Map.of(), "otlphttp OTLP_HTTP https://otlp.example.com");
      assertThat(data()).hasSize(3);

      fixture.delete("kafka-out");

      assertThat(data()).extracting(FirewallRule::host).containsExactly("otlp.example.com");
    }

    @Test
    void theSameBackendIsOneRuleNamingEveryConfigAndCollectorThatNeedsIt() {
      fixture.fleet.add("web-01", "web-01", OTELCOL, Map.of("env", "prod"));
      fixture.fleet.add("web-02", "web-02", OTELCOL, Map.of("env", "dev"));
      fixture.fleet.add("edge-01", "edge-01", ALLOY, Map.of("env", "prod"));
      fixture.put("a", OTELCOL, Map.of("env", "prod"), "otlp OTLP_HTTP https://otlp.example.com");
      fixture.put(
          "b",
          ALLOY,
          Map.of(),
          "otelcol.exporter.otlphttp.x OTLP_HTTP https://OTLP.example.com:443/v1");

      assertThat(data())
          .singleElement()
          .satisfies(
              rule -> {
                assertThat(rule.configs()).containsExactly("a", "b");
                assertThat(rule.selectors())
                    .containsExactly(
                        "a: otelcol collectors with env=prod", "b: every alloy collector");
                assertThat(rule.collectors()).containsExactly("edge-01", "web-01");
                assertThat(rule.collectorCount()).isEqualTo(2);
                assertThat(rule.from()).isEqualTo("otelcol and Alloy collectors");
              });
    }

    @Test
    void selectorsSeeAttributesWithLabelsLaidOverThem() {
      fixture.fleet.add("web-01", "web-01", OTELCOL, Map.of());
      fixture.fleet.add("web-02", "web-02", OTELCOL, Map.of("host.name", "renamed"));
      fixture.fleet.add("web-03", "web-03", OTELCOL, Map.of("host.name", "web-02"));
      fixture.put("one", OTELCOL, Map.of("host.name", "web-01"), "k KAFKA kafka-1:9092");
      fixture.put("two", OTELCOL, Map.of("host.name", "web-02"), "k KAFKA kafka-2:9092");

      assertThat(data())
          .extracting(FirewallRule::host, FirewallRule::collectors)
          .containsExactly(
              tuple("kafka-1", List.of("web-01")), tuple("kafka-2", List.of("web-03")));
    }

    @Test
    void theSameHostAndPortOverAnotherProtocolIsItsOwnRule() {
      fixture.put(
          "grafana",
          OTELCOL,
          Map.of(),
          "otlphttp OTLP_HTTP https://otlp-gateway-prod-eu-west-0.grafana.net/otlp\n"
              + "prometheusremotewrite PROMETHEUS_REMOTE_WRITE"
              + " https://otlp-gateway-prod-eu-west-0.grafana.net/api/prom/push");

      assertThat(data())
          .extracting(FirewallRule::protocol, FirewallRule::purpose)
          .containsExactly(
              tuple("HTTPS (OTLP/HTTP)", "Export telemetry over OTLP/HTTP to Grafana Cloud"),
              tuple("HTTPS (Prometheus remote-write)", "Prometheus remote-write to Grafana Cloud"));
    }

    @Test
    void manyCollectorsAreCountedButOnlyTheFirstOnesNamed() {
      for (int i = 0; i < FirewallRule.MAX_LISTED + 5; i++) {
        fixture.fleet.add(
            String.format("c-%03d", i), String.format("host-%03d", i), OTELCOL, Map.of());
      }
      fixture.put("otlp", OTELCOL, Map.of(), "otlphttp OTLP_HTTP https://otlp.example.com");

      FirewallRule rule = data().get(0);

      assertThat(rule.collectors()).hasSize(FirewallRule.MAX_LISTED).startsWith("host-000");
      assertThat(rule.collectorCount()).isEqualTo(FirewallRule.MAX_LISTED + 5);
    }

    @Test
    void anEndpointFromAnEnvironmentVariableIsUndeterminedNotGuessed() {
      fixture.put("env", OTELCOL, Map.of(), "otlp/env OTLP_GRPC ${env:OTLP_ENDPOINT}");

      FirewallRule rule = data().get(0);

      assertThat(rule.determined()).isFalse();
      assertThat(rule.host()).isNull();
      assertThat(rule.port()).isZero();
      assertThat(rule.to()).isEqualTo("${env:OTLP_ENDPOINT}");
      assertThat(rule.protocol()).isEqualTo("OTLP/gRPC");
      assertThat(rule.undetermined()).contains("environment-variable reference");
      assertThat(rule.reason()).isEqualTo("exporter otlp/env in config env");
      assertThat(firewall().rules().undetermined()).containsExactly(rule);
    }

    @Test
    void aRuntimeWithoutExtractorIsUndeterminedPerConfig() {
      fixture.put("base", OTELCOL, Map.of(), "otlp OTLP_GRPC tempo.example.com:4317");
      FirewallService onlyAlloy =
          new FirewallService(
              fixture.domain.configs(),
              fixture.fleet,
              production(),
              List.of(new io.linkmesh.domain.testing.LineEndpointExtractor(ALLOY)));

      assertThat(onlyAlloy.rules().rules(Plane.DATA))
          .singleElement()
          .satisfies(
              rule -> {
                assertThat(rule.determined()).isFalse();
                assertThat(rule.undetermined()).contains("no endpoint extractor for otelcol");
                assertThat(rule.configs()).containsExactly("base");
              });
    }

    @Test
    void anExtractorThatFailsMakesItsConfigUndeterminedAndTheRestStillWorks() {
      fixture.put("bad", OTELCOL, Map.of(), "otlp OTLP_HTTP http://[broken");
      fixture.put("good", OTELCOL, Map.of(), "otlphttp OTLP_HTTP https://otlp.example.com");

      assertThat(data())
          .extracting(FirewallRule::configs, FirewallRule::determined)
          .containsExactly(tuple(List.of("good"), true), tuple(List.of("bad"), false));
    }

    @Test
    void credentialsInAnEndpointAreNeverShown() {
      fixture.put("env", OTELCOL, Map.of(), "x OTHER_HTTP https://user:s3cret@${env:HOST}/push");

      assertThat(data().get(0).to()).isEqualTo("https://${env:HOST}/push").doesNotContain("s3cret");
    }

    @Test
    void aCollectorsOwnRulesAreItsRuntimeChannelsAndItsConfigsBackends() {
      fixture.fleet.add("web-01", "web-01", OTELCOL, Map.of("env", "prod"));
      fixture.put("prod", OTELCOL, Map.of("env", "prod"), "kafka KAFKA kafka-1:9092");
      fixture.put("dev", OTELCOL, Map.of("env", "dev"), "kafka KAFKA kafka-dev:9092");
      fixture.put("edge", ALLOY, Map.of(), "loki LOKI https://loki.example.com");

      FirewallReport report = firewall().rulesFor(CollectorId.of("web-01")).orElseThrow();

      assertThat(report.scope()).isEqualTo("collector web-01 (web-01)");
      assertThat(report.rules(Plane.CONTROL))
          .extracting(FirewallRule::protocol)
          .containsExactly("HTTPS (OpAMP, WSS)", "HTTPS (OTLP/HTTP)");
      assertThat(report.rules(Plane.DATA))
          .extracting(FirewallRule::from, FirewallRule::host)
          .containsExactly(tuple("web-01", "kafka-1"));
      assertThat(report.rules(Plane.STORE)).isEmpty();
      assertThat(firewall().rulesFor(CollectorId.of("unknown"))).isEmpty();
    }

    @Test
    void theReportNamesTheRevisionTheConfigsCameFrom() {
      assertThat(firewall().rules().revision()).isNull();

      fixture.put("otlp", OTELCOL, Map.of(), "otlphttp OTLP_HTTP https://otlp.example.com");

      assertThat(firewall().rules().revision())
          .isEqualTo(fixture.domain.configs().head().orElseThrow().id());
    }
  }

  @Nested
  class StorePlane {
    @Test
    void theBuiltInStoreNeedsNoConnection() {
      assertThat(firewall().rules().rules(Plane.STORE)).isEmpty();
    }

    @ParameterizedTest(name = "{0} -> {1}:{2}")
    @CsvSource({
      "https://github.com/acme/state.git, github.com, 443, HTTPS (Git smart HTTP)",
      "https://git.example.com:8443/acme/state.git, git.example.com, 8443, HTTPS (Git smart HTTP)",
      "ssh://git@git.example.com/acme/state.git, git.example.com, 22, SSH (Git)",
      "ssh://git@git.example.com:2222/acme/state.git, git.example.com, 2222, SSH (Git)",
      "git@github.com:acme/state.git, github.com, 22, SSH (Git)",
      "http://gitea.internal/acme/state.git, gitea.internal, 80, 'HTTP (Git smart HTTP, plaintext)'",
    })
    void theGitStoreRuleFollowsItsUrl(String url, String host, int port, String protocol) {
      Deployment deployment =
          Deployment.builder().externalUrl("https://linkmesh.example.com").gitStore(url).build();

      assertThat(fixture.firewall(deployment).rules().rules(Plane.STORE))
          .singleElement()
          .satisfies(
              rule -> {
                assertThat(rule.from()).isEqualTo("LinkMesh server");
                assertThat(rule.host()).isEqualTo(host);
                assertThat(rule.port()).isEqualTo(port);
                assertThat(rule.protocol()).isEqualTo(protocol);
                assertThat(rule.direction()).isEqualTo(Direction.OUTBOUND);
                assertThat(rule.required()).isEqualTo(Requirement.YES);
              });
    }

    @Test
    void aTokenInTheGitUrlIsNeverShown() {
      Deployment deployment =
          Deployment.builder()
              .gitStore("https://x-access-token:ghp_s3cret@github.com/acme/state.git")
              .build();

      FirewallRule rule = fixture.firewall(deployment).rules().rules(Plane.STORE).get(0);

      assertThat(rule.reason()).contains("https://github.com/acme/state.git");
      assertThat(rule.reason() + deployment.describe()).doesNotContain("ghp_s3cret");
    }

    @Test
    void aLocalGitRepositoryNeedsNoConnection() {
      Deployment deployment = Deployment.builder().gitStore("/srv/linkmesh/state.git").build();

      assertThat(deployment.store()).isEqualTo(StoreKind.GIT);
      assertThat(fixture.firewall(deployment).rules().rules(Plane.STORE)).isEmpty();
    }
  }

  @Nested
  class BadSettings {
    @Test
    void anExternalUrlMustBeHttpOrHttpsWithAHost() {
      assertThatThrownBy(() -> ServerAddress.parse("ftp://linkmesh.example.com"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("https:// or http://");
      assertThatThrownBy(() -> ServerAddress.parse("https:///nohost"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("no host");
    }

    @Test
    void aBadGitUrlIsRejectedWithoutShowingItsToken() {
      assertThatThrownBy(() -> GitRemote.parse("svn://user:tok3n@svn.example.com/repo"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("svn://svn.example.com/repo")
          .hasMessageNotContaining("tok3n");
      assertThatThrownBy(() -> GitRemote.parse("not a url"))
          .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void twoExtractorsForOneRuntimeAreAProgrammingError() {
      assertThatThrownBy(
              () ->
                  new FirewallService(
                      fixture.domain.configs(),
                      fixture.fleet,
                      production(),
                      List.of(
                          new io.linkmesh.domain.testing.LineEndpointExtractor(ALLOY),
                          new io.linkmesh.domain.testing.LineEndpointExtractor(ALLOY))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("two endpoint extractors for alloy");
    }
  }
}
