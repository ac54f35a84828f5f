package io.linkmesh.alloy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BodiesTest {

  @Test
  void acceptEncodingParsing() {
    assertThat(Bodies.acceptsGzip("gzip")).isTrue();
    assertThat(Bodies.acceptsGzip("br, GZIP;q=0.5")).isTrue();
    assertThat(Bodies.acceptsGzip("gzip;q=0")).isFalse();
    assertThat(Bodies.acceptsGzip("gzip; q=0.000")).isFalse();
    assertThat(Bodies.acceptsGzip("identity, br")).isFalse();
    assertThat(Bodies.acceptsGzip(null)).isFalse();
  }
}
