package io.linkmesh.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JsonTest {
  @Test
  void readsAStringFieldWithEscapes() {
    String json = "{\"id\": \"k3j\", \"token\" : \"lme_a\\\"b\\u0041\", \"maxUses\": 1}";
    assertThat(Json.stringField(json, "token")).contains("lme_a\"bA");
    assertThat(Json.stringField(json, "maxUses")).isEmpty();
    assertThat(Json.stringField(json, "missing")).isEmpty();
  }

  @Test
  void skipsAKeyThatAppearsAsAValue() {
    assertThat(Json.stringField("{\"a\": \"revision\", \"revision\": \"r1\"}", "revision"))
        .contains("r1");
  }

  @Test
  void quotesControlCharactersAndQuotes() {
    assertThat(Json.quote("a\"b\\c\nd\u0001")).isEqualTo("\"a\\\"b\\\\c\\nd\\u0001\"");
  }

  @Test
  void numbersAreJson() {
    assertThat(Json.number(3)).isEqualTo("3");
    assertThat(Json.number(1.5)).isEqualTo("1.5");
    assertThat(Json.number(Double.NaN)).isEqualTo("null");
  }
}
