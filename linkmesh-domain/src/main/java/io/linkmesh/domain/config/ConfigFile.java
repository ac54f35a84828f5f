package io.linkmesh.domain.config;

import static java.util.Objects.requireNonNull;

/** One file of a desired config, named after the config it comes from. */
public record ConfigFile(String name, String content) {
  public ConfigFile {
    requireNonNull(name, "name");
    requireNonNull(content, "content");
  }
}
