package io.linkmesh.domain.config;

import static java.util.Objects.requireNonNull;

import io.linkmesh.domain.fleet.CollectorRuntime;

/**
 * A named unit of desired configuration: for which runtime, for which collectors (selector), and
 * the raw text (OTel collector YAML or Alloy syntax).
 */
public record ConfigSpec(
    ConfigName name, CollectorRuntime runtime, Selector selector, String content) {
  /** The largest config body accepted, in characters. */
  public static final int MAX_CONTENT = 1024 * 1024;

  public ConfigSpec {
    requireNonNull(name, "name");
    requireNonNull(runtime, "runtime");
    requireNonNull(selector, "selector");
    requireNonNull(content, "content");
    if (content.length() > MAX_CONTENT) {
      throw new IllegalArgumentException(
          "config content has " + content.length() + " characters, more than " + MAX_CONTENT);
    }
    if (content.isBlank()) {
      throw new IllegalArgumentException("config content must not be empty");
    }
  }
}
