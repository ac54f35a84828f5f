package io.linkmesh.app.cli;

import io.linkmesh.app.StartupException;
import io.linkmesh.domain.config.ConfigName;
import io.linkmesh.domain.config.ConfigSpec;
import io.linkmesh.domain.config.Selector;
import io.linkmesh.domain.fleet.CollectorRuntime;
import io.linkmesh.domain.port.in.ConfigQueries;
import io.linkmesh.domain.revision.Revision;
import io.linkmesh.domain.revision.RevisionId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Collector configs read from a directory, for the offline firewall: {@code *.yaml}/{@code *.yml}
 * are otelcol configs, {@code *.alloy}/{@code *.river} Alloy configs, each selecting every
 * collector of its runtime and named after its file. Other files are skipped (and said so). Its
 * "revision" is {@code offline-} and a hash of the names and contents, so two runs on the same
 * files name the same revision.
 */
final class DirectoryConfigs implements ConfigQueries {
  static final int MAX_FILES = 1000;

  private final Map<ConfigName, ConfigSpec> configs = new TreeMap<>();
  private final List<String> skipped = new ArrayList<>();
  private final Revision head;

  private DirectoryConfigs(Path dir) {
    List<Path> files;
    try (Stream<Path> list = Files.list(dir)) {
      files = list.filter(Files::isRegularFile).sorted().limit(MAX_FILES + 1L).toList();
    } catch (IOException e) {
      throw new StartupException("cannot list configs directory " + dir + ": " + e.getMessage());
    }
    if (files.size() > MAX_FILES) {
      throw new StartupException(
          "configs directory " + dir + " has more than " + MAX_FILES + " files");
    }
    MessageDigest digest = sha256();
    for (Path file : files) {
      String fileName = file.getFileName().toString();
      int dot = fileName.lastIndexOf('.');
      String extension = dot < 0 ? "" : fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
      CollectorRuntime runtime;
      switch (extension) {
        case "yaml":
        case "yml":
          runtime = CollectorRuntime.OTELCOL;
          break;
        case "alloy":
        case "river":
          runtime = CollectorRuntime.ALLOY;
          break;
        default:
          skipped.add(fileName + ": not .yaml, .yml, .alloy or .river");
          continue;
      }
      String stem =
          fileName.substring(0, dot).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "-");
      if (!ConfigName.isValid(stem)) {
        skipped.add(fileName + ": not usable as a config name");
        continue;
      }
      ConfigName name = ConfigName.of(stem);
      if (configs.containsKey(name)) {
        skipped.add(fileName + ": another file already gives config " + name);
        continue;
      }
      String content;
      try {
        if (Files.size(file) > 4L * ConfigSpec.MAX_CONTENT) {
          skipped.add(fileName + ": larger than a config may be");
          continue;
        }
        content = Files.readString(file, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new StartupException("cannot read " + file + ": " + e.getMessage());
      }
      if (content.isBlank() || content.length() > ConfigSpec.MAX_CONTENT) {
        skipped.add(fileName + (content.isBlank() ? ": empty" : ": larger than a config may be"));
        continue;
      }
      configs.put(name, new ConfigSpec(name, runtime, Selector.ALL, content));
      digest.update((runtime.wireName() + "\0" + name + "\0").getBytes(StandardCharsets.UTF_8));
      digest.update(content.getBytes(StandardCharsets.UTF_8));
      digest.update((byte) 0);
    }
    String id = "offline-" + HexFormat.of().formatHex(digest.digest()).substring(0, 12);
    this.head =
        new Revision(
            RevisionId.of(id),
            null,
            "linkmesh firewall",
            Instant.EPOCH,
            "configs read from " + dir);
  }

  static DirectoryConfigs read(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new StartupException("configs directory not found: " + dir);
    }
    return new DirectoryConfigs(dir);
  }

  /** Files that were not taken, each with why. */
  List<String> skipped() {
    return List.copyOf(skipped);
  }

  @Override
  public List<ConfigSpec> configs() {
    return List.copyOf(configs.values());
  }

  @Override
  public Optional<ConfigSpec> config(ConfigName name) {
    return Optional.ofNullable(configs.get(name));
  }

  @Override
  public Optional<Revision> head() {
    return Optional.of(head);
  }

  /** No configs and no revision: the offline firewall without {@code --configs}. */
  static ConfigQueries none() {
    return new ConfigQueries() {
      @Override
      public List<ConfigSpec> configs() {
        return List.of();
      }

      @Override
      public Optional<ConfigSpec> config(ConfigName name) {
        return Optional.empty();
      }

      @Override
      public Optional<Revision> head() {
        return Optional.empty();
      }
    };
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
