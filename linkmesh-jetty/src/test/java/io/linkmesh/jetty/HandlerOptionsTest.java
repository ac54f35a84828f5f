package io.linkmesh.jetty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class HandlerOptionsTest {
  @Test
  void anAbsolutePathIsKept() {
    assertThat(HandlerOptions.path("/v1/opamp")).isEqualTo("/v1/opamp");
  }

  @Test
  void aRelativePathIsRefusedNamingIt() {
    assertThatThrownBy(() -> HandlerOptions.path("v1/opamp"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("path must start with '/': v1/opamp");
  }

  @Test
  void anExternalUrlNeedsASchemeAndAHost() {
    URI url = URI.create("https://linkmesh.example.com");
    assertThat(HandlerOptions.externalUrl(url)).isSameAs(url);
    assertThatThrownBy(() -> HandlerOptions.externalUrl(URI.create("linkmesh.example.com")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("externalUrl needs a scheme and host: linkmesh.example.com");
  }
}
