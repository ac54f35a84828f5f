package io.linkmesh.domain.config;

import static java.util.Objects.requireNonNull;

import io.linkmesh.domain.fleet.CollectorRuntime;
import io.linkmesh.domain.fleet.ConfigHash;
import java.util.List;

/**
 * What one collector should run: the combination of every config whose selector matches it.
 *
 * <p>For otelcol it is one file per config name (OpAMP {@code AgentConfigMap}); for Alloy one
 * document, {@link #document()}, in which each config's text follows a marker comment. The {@link
 * #hash()} is the SHA-256 the protocols compare.
 *
 * @param sources the names of the configs it combines, in order
 */
public record DesiredConfig(
    CollectorRuntime runtime, List<ConfigFile> files, ConfigHash hash, List<ConfigName> sources) {
  public DesiredConfig {
    requireNonNull(runtime, "runtime");
    requireNonNull(hash, "hash");
    files = List.copyOf(files);
    sources = List.copyOf(sources);
    if (files.isEmpty()) {
      throw new IllegalArgumentException("a desired config has at least one file");
    }
  }

  /** The whole config as one text: Alloy's single document, or the otelcol files in order. */
  public String document() {
    if (files.size() == 1) {
      return files.get(0).content();
    }
    StringBuilder out = new StringBuilder();
    for (ConfigFile file : files) {
      out.append(file.content());
    }
    return out.toString();
  }
}
