package io.linkmesh.jetty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HandlerPathTest {
  @Test
  void anAbsolutePathIsKept() {
    assertThat(HandlerPath.checked("/v1/opamp")).isEqualTo("/v1/opamp");
  }

  @Test
  void aRelativePathIsRefusedNamingIt() {
    assertThatThrownBy(() -> HandlerPath.checked("v1/opamp"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("path must start with '/': v1/opamp");
  }
}
