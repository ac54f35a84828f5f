package io.linkmesh.config.alloy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.linkmesh.config.alloy.syntax.AlloyDocument;
import io.linkmesh.config.alloy.syntax.AlloySyntax;
import io.linkmesh.config.alloy.syntax.Block;
import io.linkmesh.config.alloy.syntax.Expression;
import io.linkmesh.config.alloy.syntax.Expressions;
import io.linkmesh.config.alloy.syntax.Validation;
import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class AlloyBootstrapTest {

  @Nested
  class Rendering {

    @Test
    void rendersTheRemotecfgBlockAndOwnMetrics() {
      String snippet =
          AlloyBootstrap.builder()
              .serverUrl("https://linkmesh.example.com/")
              .token("lm_enroll_abc")
              .attribute("env", "prod")
              .attribute("team", "obs")
              .pollFrequency(Duration.ofSeconds(30))
              .build()
              .render();

      assertThat(snippet)
          .startsWith(
              """
              // Managed by LinkMesh: Alloy polls https://linkmesh.example.com for its pipeline.
              remotecfg {
                url            = "https://linkmesh.example.com"
                id             = constants.hostname
                poll_frequency = "30s"
                bearer_token   = "lm_enroll_abc"
                attributes     = {
                  "env" = "prod",
                  "team" = "obs",
                }
              }
              """);
      assertThat(AlloySyntax.validate(snippet)).isInstanceOf(Validation.Valid.class);
      AlloyDocument document = AlloySyntax.parse(snippet);
      Block exporter =
          document.blocks().stream()
              .filter(b -> b.componentId().equals("otelcol.exporter.otlphttp.linkmesh"))
              .findFirst()
              .orElseThrow();
      assertThat(exporter.attribute("metrics_endpoint").orElseThrow().value())
          .isInstanceOfSatisfying(
              Expression.StringLiteral.class,
              s -> assertThat(s.value()).isEqualTo("https://linkmesh.example.com/v1/metrics"));
      assertThat(
              Expressions.render(
                  exporter.blocks("client").get(0).attribute("auth").orElseThrow().value()))
          .isEqualTo("otelcol.auth.bearer.linkmesh.handler");
      assertThat(document.blocks())
          .extracting(Block::componentId)
          .containsExactly(
              "remotecfg",
              "prometheus.exporter.self.linkmesh",
              "prometheus.scrape.linkmesh_self",
              "otelcol.receiver.prometheus.linkmesh",
              "otelcol.auth.bearer.linkmesh",
              "otelcol.exporter.otlphttp.linkmesh");
    }

    @Test
    void fixedIdNameAndEscapedValues() {
      String snippet =
          AlloyBootstrap.builder()
              .serverUrl("http://10.0.0.5:8443/alloy")
              .token("t\"k")
              .id("web-01")
              .name("Web \"one\"")
              .ownMetrics(false)
              .build()
              .render();
      Block remotecfg = AlloySyntax.parse(snippet).blocks().get(0);
      assertThat(
              ((Expression.StringLiteral) remotecfg.attribute("id").orElseThrow().value()).value())
          .isEqualTo("web-01");
      assertThat(
              ((Expression.StringLiteral) remotecfg.attribute("name").orElseThrow().value())
                  .value())
          .isEqualTo("Web \"one\"");
      assertThat(
              ((Expression.StringLiteral) remotecfg.attribute("bearer_token").orElseThrow().value())
                  .value())
          .isEqualTo("t\"k");
      assertThat(remotecfg.attribute("poll_frequency").orElseThrow().value())
          .isInstanceOfSatisfying(
              Expression.StringLiteral.class, s -> assertThat(s.value()).isEqualTo("1m"));
      assertThat(AlloySyntax.parse(snippet).blocks()).hasSize(1);
    }

    @Test
    void durationsAreGoStyle() {
      assertThat(AlloyBootstrap.duration(Duration.ofSeconds(90))).isEqualTo("1m30s");
      assertThat(AlloyBootstrap.duration(Duration.ofHours(2))).isEqualTo("2h");
      assertThat(AlloyBootstrap.duration(Duration.ofSeconds(3661))).isEqualTo("1h1m1s");
    }
  }

  @Nested
  class BadOptions {

    @Test
    void serverUrlAndTokenAreRequired() {
      assertThatThrownBy(() -> AlloyBootstrap.builder().token("t").build())
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("serverUrl is required");
      assertThatThrownBy(() -> AlloyBootstrap.builder().serverUrl("https://x").build())
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("token is required");
    }

    @Test
    void refusesReservedAttributesShortPollsAndNonHttpUrls() {
      assertThatThrownBy(() -> AlloyBootstrap.builder().attribute("collector.os", "linux"))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> AlloyBootstrap.builder().pollFrequency(Duration.ofSeconds(5)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("at least 10s");
      assertThatThrownBy(() -> AlloyBootstrap.builder().serverUrl("ftp://x"))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> AlloyBootstrap.builder().token(" "))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
