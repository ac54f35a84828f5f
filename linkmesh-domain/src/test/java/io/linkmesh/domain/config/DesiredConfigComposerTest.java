package io.linkmesh.domain.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.linkmesh.domain.fleet.CollectorRuntime;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class DesiredConfigComposerTest {
  static ConfigSpec otel(String name, String body) {
    return new ConfigSpec(ConfigName.of(name), CollectorRuntime.OTELCOL, Selector.ALL, body);
  }

  static ConfigSpec alloy(String name, String body) {
    return new ConfigSpec(ConfigName.of(name), CollectorRuntime.ALLOY, Selector.ALL, body);
  }

  @Nested
  class Otelcol {
    @Test
    void oneFilePerConfigInNameOrder() {
      DesiredConfig desired =
          DesiredConfigComposer.compose(
              CollectorRuntime.OTELCOL, List.of(otel("b", "B: 1\n"), otel("a", "A: 1\n")));
      assertThat(desired.files())
          .containsExactly(new ConfigFile("a", "A: 1\n"), new ConfigFile("b", "B: 1\n"));
      assertThat(desired.sources()).extracting(ConfigName::value).containsExactly("a", "b");
    }

    @Test
    void sameInputsInAnyOrderGiveTheSameHash() {
      DesiredConfig one =
          DesiredConfigComposer.compose(
              CollectorRuntime.OTELCOL, List.of(otel("a", "x"), otel("b", "y"), otel("c", "z")));
      DesiredConfig two =
          DesiredConfigComposer.compose(
              CollectorRuntime.OTELCOL, List.of(otel("c", "z"), otel("a", "x"), otel("b", "y")));
      assertThat(one.hash()).isEqualTo(two.hash());
      assertThat(one.hash().hex()).hasSize(64);
    }

    @Test
    void movingTextBetweenFilesChangesTheHash() {
      DesiredConfig one =
          DesiredConfigComposer.compose(
              CollectorRuntime.OTELCOL, List.of(otel("a", "xy"), otel("b", "z")));
      DesiredConfig two =
          DesiredConfigComposer.compose(
              CollectorRuntime.OTELCOL, List.of(otel("a", "x"), otel("b", "yz")));
      assertThat(one.hash()).isNotEqualTo(two.hash());
    }

    @Test
    void anyChangeOfABodyChangesTheHash() {
      DesiredConfig one =
          DesiredConfigComposer.compose(CollectorRuntime.OTELCOL, List.of(otel("a", "x: 1")));
      DesiredConfig two =
          DesiredConfigComposer.compose(CollectorRuntime.OTELCOL, List.of(otel("a", "x: 2")));
      assertThat(one.hash()).isNotEqualTo(two.hash());
    }
  }

  @Nested
  class Alloy {
    @Test
    void oneDocumentWithAMarkerPerConfig() {
      DesiredConfig desired =
          DesiredConfigComposer.compose(
              CollectorRuntime.ALLOY,
              List.of(alloy("z-last", "logging {}"), alloy("a-first", "tracing {}\n")));
      assertThat(desired.files()).hasSize(1);
      assertThat(desired.document())
          .isEqualTo(
              "// linkmesh config: a-first\ntracing {}\n\n// linkmesh config: z-last\nlogging {}\n");
    }

    @Test
    void theHashIsTheSha256OfTheDocument() throws Exception {
      DesiredConfig desired =
          DesiredConfigComposer.compose(
              CollectorRuntime.ALLOY, List.of(alloy("a", "logging {}\n")));
      byte[] digest =
          java.security.MessageDigest.getInstance("SHA-256")
              .digest(desired.document().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      assertThat(desired.hash().hex()).isEqualTo(java.util.HexFormat.of().formatHex(digest));
    }
  }
}
