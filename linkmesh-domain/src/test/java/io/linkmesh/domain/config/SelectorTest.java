package io.linkmesh.domain.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SelectorTest {
  @Test
  void emptySelectorMatchesEverything() {
    assertThat(Selector.ALL.matches(Map.of())).isTrue();
    assertThat(Selector.ALL.matches(Map.of("env", "prod"))).isTrue();
  }

  @Test
  void everyMatcherMustHold() {
    Selector selector = Selector.of(Map.of("env", "prod", "region", "eu"));
    assertThat(selector.matches(Map.of("env", "prod", "region", "eu", "x", "y"))).isTrue();
    assertThat(selector.matches(Map.of("env", "prod", "region", "us"))).isFalse();
    assertThat(selector.matches(Map.of("env", "prod"))).isFalse();
  }

  @Test
  void valuesCompareExactly() {
    Selector selector = Selector.of(Map.of("env", "prod"));
    assertThat(selector.matches(Map.of("env", "Prod"))).isFalse();
    assertThat(selector.matches(Map.of("env", "prod "))).isFalse();
  }

  @Test
  void aLabelOutranksTheReportedAttributeOfItsKey() {
    Selector selector = Selector.of(Map.of("env", "prod"));
    assertThat(selector.matches(Map.of("env", "prod"), Map.of("env", "dev"))).isTrue();
    assertThat(selector.matches(Map.of("env", "dev"), Map.of("env", "prod"))).isFalse();
    assertThat(selector.matches(Map.of(), Map.of("env", "prod"))).isTrue();
    assertThat(selector.matches(Map.of("region", "eu"), Map.of())).isFalse();
  }

  @Test
  void refusesOversizedSelectors() {
    java.util.Map<String, String> big = new java.util.HashMap<>();
    for (int i = 0; i < 300; i++) {
      big.put("k" + i, "v");
    }
    assertThatThrownBy(() -> Selector.of(big)).hasMessageContaining("more than 256");
  }
}
