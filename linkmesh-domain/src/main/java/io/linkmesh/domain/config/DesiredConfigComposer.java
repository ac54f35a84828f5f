package io.linkmesh.domain.config;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.linkmesh.domain.fleet.CollectorRuntime;
import io.linkmesh.domain.fleet.ConfigHash;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * Combines the configs that match a collector into its desired config, deterministically: the same
 * configs give the same bytes and the same hash whatever order they are given in.
 */
public final class DesiredConfigComposer {
  private DesiredConfigComposer() {}

  /**
   * @param matching the configs that match one collector, all of {@code runtime}, in any order
   */
  public static DesiredConfig compose(CollectorRuntime runtime, List<ConfigSpec> matching) {
    if (matching.isEmpty()) {
      throw new IllegalArgumentException("nothing to compose");
    }
    List<ConfigSpec> sorted = new ArrayList<>(matching);
    sorted.sort((a, b) -> a.name().compareTo(b.name()));
    List<ConfigName> names = new ArrayList<>(sorted.size());
    for (ConfigSpec spec : sorted) {
      if (spec.runtime() != runtime) {
        throw new IllegalArgumentException(
            "config " + spec.name() + " is for " + spec.runtime() + ", not " + runtime);
      }
      names.add(spec.name());
    }
    return switch (runtime) {
      case OTELCOL -> composeFiles(runtime, sorted, names);
      case ALLOY -> composeDocument(runtime, sorted, names);
    };
  }

  /** One file per config; the hash frames every name and body so no two maps collide. */
  private static DesiredConfig composeFiles(
      CollectorRuntime runtime, List<ConfigSpec> sorted, List<ConfigName> names) {
    List<ConfigFile> files = new ArrayList<>(sorted.size());
    MessageDigest digest = sha256();
    for (ConfigSpec spec : sorted) {
      files.add(new ConfigFile(spec.name().value(), spec.content()));
      frame(digest, spec.name().value().getBytes(UTF_8));
      frame(digest, spec.content().getBytes(UTF_8));
    }
    return new DesiredConfig(runtime, files, ConfigHash.ofBytes(digest.digest()), names);
  }

  /**
   * Alloy takes one document: each config's text after a marker comment, so the document still says
   * where each block came from. Component labels must stay unique across configs; the Alloy
   * validator checks the combined document.
   */
  private static DesiredConfig composeDocument(
      CollectorRuntime runtime, List<ConfigSpec> sorted, List<ConfigName> names) {
    StringBuilder doc = new StringBuilder();
    for (ConfigSpec spec : sorted) {
      if (doc.length() > 0) {
        doc.append('\n');
      }
      doc.append("// linkmesh config: ").append(spec.name().value()).append('\n');
      doc.append(spec.content());
      if (!spec.content().endsWith("\n")) {
        doc.append('\n');
      }
    }
    String text = doc.toString();
    ConfigHash hash = ConfigHash.ofBytes(sha256().digest(text.getBytes(UTF_8)));
    return new DesiredConfig(runtime, List.of(new ConfigFile("config.alloy", text)), hash, names);
  }

  private static void frame(MessageDigest digest, byte[] bytes) {
    digest.update(ByteBuffer.allocate(Long.BYTES).putLong(bytes.length).array());
    digest.update(bytes);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
