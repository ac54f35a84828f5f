package io.linkmesh.app.cli;

import io.linkmesh.app.StartupException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Where a setting comes from, in order: the command-line flag, the environment variable {@code
 * LINKMESH_<FLAG>} ({@code --git-url} is {@code LINKMESH_GIT_URL}), the YAML config file given with
 * {@code --config} (keys are the flag names without dashes: {@code git-url: ...}), the default.
 */
final class SettingSources {
  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");
  private static final Pattern SIZE = Pattern.compile("(\\d{1,9})(B|KiB|MiB)?");

  private final Map<String, String> env;
  private final Map<String, String> file;
  private final @Nullable Path fileName;

  private SettingSources(
      Map<String, String> env, Map<String, String> file, @Nullable Path fileName) {
    this.env = env;
    this.file = file;
    this.fileName = fileName;
  }

  static SettingSources load(
      Map<String, String> env, @Nullable Path configFile, Set<String> known) {
    Map<String, String> file = new TreeMap<>();
    if (configFile != null) {
      Object root;
      try {
        root =
            new Load(LoadSettings.builder().setLabel(configFile.toString()).build())
                .loadFromString(Files.readString(configFile));
      } catch (IOException e) {
        throw new StartupException("cannot read --config " + configFile + ": " + e.getMessage(), e);
      } catch (YamlEngineException e) {
        throw new StartupException(
            "--config " + configFile + " is not valid YAML: " + e.getMessage().replace('\n', ' '),
            e);
      }
      if (root != null && !(root instanceof Map<?, ?>)) {
        throw new StartupException(
            "--config " + configFile + " must be a YAML mapping of settings");
      }
      if (root != null) {
        for (Map.Entry<?, ?> e : ((Map<?, ?>) root).entrySet()) {
          String key = String.valueOf(e.getKey());
          if (!known.contains(key)) {
            throw new StartupException(
                "unknown setting '"
                    + key
                    + "' in "
                    + configFile
                    + " (known: "
                    + String.join(", ", new java.util.TreeSet<>(known))
                    + ")");
          }
          if (e.getValue() instanceof Map<?, ?> || e.getValue() instanceof Iterable<?>) {
            throw new StartupException(
                "setting '" + key + "' in " + configFile + " must be a single value");
          }
          file.put(key, e.getValue() == null ? "" : String.valueOf(e.getValue()));
        }
      }
    }
    return new SettingSources(env, file, configFile);
  }

  /**
   * The value of setting {@code name} (a flag name without dashes) from the first source that has
   * it.
   */
  @Nullable String get(String name, @Nullable String flagValue) {
    if (flagValue != null) {
      return flagValue;
    }
    String fromEnv = env.get("LINKMESH_" + name.toUpperCase(Locale.ROOT).replace('-', '_'));
    if (fromEnv != null && !fromEnv.isEmpty()) {
      return fromEnv;
    }
    return file.get(name);
  }

  String get(String name, @Nullable String flagValue, String defaultValue) {
    String value = get(name, flagValue);
    return value == null ? defaultValue : value;
  }

  boolean flag(String name, boolean flagValue) {
    if (flagValue) {
      return true;
    }
    String value = get(name, null);
    if (value == null) {
      return false;
    }
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "true", "yes", "1" -> true;
      case "false", "no", "0", "" -> false;
      default ->
          throw new StartupException("--" + name + " must be true or false, not '" + value + "'");
    };
  }

  static Duration duration(String name, String value) {
    Matcher m = DURATION.matcher(value.trim());
    if (!m.matches()) {
      throw new StartupException(
          "--" + name + " must be a duration like 500ms, 5s, 2m or 1h, not '" + value + "'");
    }
    long amount = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(amount);
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      default -> Duration.ofHours(amount);
    };
  }

  /** A byte count: {@code 4MiB}, {@code 512KiB} or plain bytes. */
  static int size(String name, String value) {
    Matcher m = SIZE.matcher(value.trim());
    long bytes = m.matches() ? Long.parseLong(m.group(1)) : -1;
    if (bytes >= 0 && m.group(2) != null) {
      bytes <<= m.group(2).equals("MiB") ? 20 : m.group(2).equals("KiB") ? 10 : 0;
    }
    if (bytes < 0 || bytes > Integer.MAX_VALUE) {
      throw new StartupException(
          "--" + name + " must be a size like 512KiB or 4MiB, not '" + value + "'");
    }
    return (int) bytes;
  }

  /** A whole number. */
  static int integer(String name, String value) {
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new StartupException("--" + name + " must be a whole number, not '" + value + "'", e);
    }
  }

  /** A {@code --listen HOST:PORT} value, with brackets around an IPv6 host removed. */
  record Listen(String host, int port) {}

  static Listen listen(String value) {
    int colon = value.lastIndexOf(':');
    if (colon < 0) {
      throw new StartupException("--listen must be HOST:PORT, not '" + value + "'");
    }
    String host = value.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(value.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new StartupException("--listen port must be a number: '" + value + "'");
    }
    if (port < 0 || port > 65535) {
      throw new StartupException("--listen port must be 0-65535: " + port);
    }
    return new Listen(host, port);
  }

  @Nullable Path configFile() {
    return fileName;
  }
}
