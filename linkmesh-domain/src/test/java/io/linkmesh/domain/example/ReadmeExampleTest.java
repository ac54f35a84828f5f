package io.linkmesh.domain.example;

import static org.assertj.core.api.Assertions.assertThat;

import io.linkmesh.domain.audit.Actor;
import io.linkmesh.domain.config.ConfigName;
import io.linkmesh.domain.config.ConfigSpec;
import io.linkmesh.domain.config.Selector;
import io.linkmesh.domain.fleet.CollectorId;
import io.linkmesh.domain.fleet.CollectorRuntime;
import io.linkmesh.domain.port.in.PutConfigCommand;
import io.linkmesh.domain.port.in.PutConfigOutcome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ReadmeExampleTest {
  static final Path MODULE = Path.of(System.getProperty("basedir", "."));

  /** The lines between the tags, without the indentation they have inside the method. */
  static String taggedRegion(List<String> lines) {
    int start = lines.indexOf("    // tag::example[]");
    int end = lines.indexOf("    // end::example[]");
    assertThat(start).as("tag::example[] in EmbeddingExample.java").isNotNegative();
    assertThat(end).as("end::example[] after tag::example[]").isGreaterThan(start);
    return lines.subList(start + 1, end).stream()
        .map(line -> line.length() >= 4 ? line.substring(4) : line.strip())
        .collect(Collectors.joining("\n"));
  }

  /** The lines of the README's {@code java} block that follows the embedding heading. */
  static String readmeBlock(List<String> lines) {
    int start = lines.indexOf("```java");
    assertThat(start).as("a ```java block in linkmesh-domain/README.md").isNotNegative();
    int end = lines.subList(start + 1, lines.size()).indexOf("```") + start + 1;
    assertThat(end).as("the end of the ```java block").isGreaterThan(start);
    return String.join("\n", lines.subList(start + 1, end));
  }

  @Test
  void theReadmeShowsTheExampleThatRuns() throws IOException {
    List<String> example =
        Files.readAllLines(
            MODULE.resolve("src/test/java/io/linkmesh/domain/example/EmbeddingExample.java"),
            StandardCharsets.UTF_8);
    List<String> readme = Files.readAllLines(MODULE.resolve("README.md"), StandardCharsets.UTF_8);

    assertThat(readmeBlock(readme)).isEqualTo(taggedRegion(example));
  }

  @Nested
  class TheExample {
    final EmbeddingExample.Result result = EmbeddingExample.run();

    @Test
    void connectedCollectorGetsTheConfigItsLabelsSelect() {
      assertThat(result.desired()).isNotNull();
      assertThat(result.desired().sources()).containsExactly(ConfigName.of("prod"));
      assertThat(result.desired().document()).isEqualTo("receivers:\n  otlp: {}\n");
      assertThat(result.domain().directory().collector(CollectorId.of("c-1")))
          .hasValueSatisfying(
              c -> {
                assertThat(c.live().connected()).isTrue();
                assertThat(c.desiredConfigHash()).isEqualTo(result.desired().hash());
              });
    }

    @Test
    void aLaterChangeReachesTheNotifier() {
      PutConfigOutcome changed =
          result
              .domain()
              .configs()
              .put(
                  new PutConfigCommand(
                      new Actor("alice", "192.0.2.1"),
                      new ConfigSpec(
                          ConfigName.of("prod"),
                          CollectorRuntime.OTELCOL,
                          Selector.of(Map.of("env", "prod")),
                          "receivers:\n  otlp: {}\n  prometheus: {}\n"),
                      null,
                      null));

      assertThat(changed).isInstanceOf(PutConfigOutcome.Published.class);
      assertThat(result.notifier().notifications())
          .singleElement()
          .satisfies(
              n -> {
                assertThat(n.collector()).isEqualTo(CollectorId.of("c-1"));
                assertThat(n.desired()).isNotNull();
                assertThat(n.desired().hash()).isNotEqualTo(result.desired().hash());
              });
    }

    @Test
    void tokensComeFromTheDefaultSecureRandomGenerator() {
      assertThat(result.domain().enrollment().enrollmentTokens())
          .singleElement()
          .satisfies(t -> assertThat(t.id()).matches("[a-z0-9]{16}"));
    }
  }
}
