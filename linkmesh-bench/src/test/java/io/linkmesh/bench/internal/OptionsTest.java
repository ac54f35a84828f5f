package io.linkmesh.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class OptionsTest {
  @Test
  void readsValuesFlagsAndEqualsForms() {
    Options o =
        Options.parse(
            List.of(
                "--agents",
                "10,000",
                "--keep",
                "--hold=45s",
                "--server-jvm-args",
                "-Xlog:gc -XX:+UseG1GC"));
    assertThat(o.integer("agents", 1)).isEqualTo(10_000);
    assertThat(o.flag("keep")).isTrue();
    assertThat(o.duration("hold", Duration.ZERO)).isEqualTo(Duration.ofSeconds(45));
    assertThat(o.words("server-jvm-args")).containsExactly("-Xlog:gc", "-XX:+UseG1GC");
    assertThat(o.integer("pushes", 5)).isEqualTo(5);
    assertThat(o.unread()).isEmpty();
  }

  @Test
  void durationsTakeUnitsAndBareSeconds() {
    assertThat(Options.parseDuration("x", "500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Options.parseDuration("x", "2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(Options.parseDuration("x", "1.5")).isEqualTo(Duration.ofMillis(1500));
    assertThatThrownBy(() -> Options.parseDuration("hold", "soon"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--hold");
  }

  @Test
  void optionsNobodyAskedForAreReported() {
    Options o = Options.parse(List.of("--agnets", "5"));
    o.integer("agents", 1);
    assertThat(o.unread()).containsExactly("--agnets");
  }

  @Test
  void badInputIsAClearError() {
    assertThatThrownBy(() -> Options.parse(List.of("agents")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected an option");
    assertThatThrownBy(() -> Options.parse(List.of("--a", "1", "--a", "2")))
        .hasMessageContaining("twice");
    assertThatThrownBy(() -> Options.parse(List.of("--agents", "many")).integer("agents", 1))
        .hasMessageContaining("whole number");
    assertThatThrownBy(() -> Options.parse(List.of("--agents", "-5")).integer("agents", 1))
        .hasMessageContaining("negative");
  }
}
