package io.linkmesh.app.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The {@code linkmesh serve} settings the firewall model needs, read the way {@code serve} reads
 * them: a flag wins over the environment ({@code LINKMESH_<FLAG>}), which wins over the YAML config
 * file ({@code --config FILE}, top-level {@code key: value} lines named like the flags).
 */
final class ServerSettings {
  static final List<String> KEYS =
      List.of("listen", "external-url", "plaintext", "store", "git-url");
  private static final long MAX_FILE_BYTES = 1024 * 1024;

  private final Map<String, String> values = new LinkedHashMap<>();

  private ServerSettings() {}

  /**
   * @throws SettingsException with a one-line reason when the file cannot be read or is not flat
   *     YAML
   */
  static ServerSettings load(
      @Nullable Path file, Map<String, String> env, Map<String, @Nullable String> flags) {
    ServerSettings settings = new ServerSettings();
    if (file != null) {
      settings.values.putAll(readFile(file));
    }
    for (String key : KEYS) {
      String fromEnv = env.get("LINKMESH_" + key.toUpperCase(Locale.ROOT).replace('-', '_'));
      if (fromEnv != null && !fromEnv.isBlank()) {
        settings.values.put(key, fromEnv.strip());
      }
      String fromFlag = flags.get(key);
      if (fromFlag != null) {
        settings.values.put(key, fromFlag.strip());
      }
    }
    return settings;
  }

  @Nullable String get(String key) {
    return values.get(key);
  }

  private static Map<String, String> readFile(Path file) {
    String text;
    try {
      if (Files.size(file) > MAX_FILE_BYTES) {
        throw new SettingsException(
            "config file " + file + " is larger than " + MAX_FILE_BYTES + " bytes");
      }
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new SettingsException("cannot read config file " + file + ": " + e.getMessage());
    }
    Map<String, String> out = new LinkedHashMap<>();
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      String trimmed = line.strip();
      if (trimmed.isEmpty()
          || trimmed.startsWith("#")
          || trimmed.equals("---")
          || Character.isWhitespace(line.charAt(0))
          || trimmed.startsWith("- ")) {
        continue; // nested values belong to settings the firewall does not need
      }
      int colon = trimmed.indexOf(':');
      if (colon <= 0) {
        throw new SettingsException(
            "config file " + file + " line " + (i + 1) + ": expected 'key: value'");
      }
      String key = normalise(trimmed.substring(0, colon).strip());
      String value = unquote(stripComment(trimmed.substring(colon + 1).strip()));
      if (KEYS.contains(key) && !value.isEmpty()) {
        out.put(key, value);
      }
    }
    return out;
  }

  /** {@code externalUrl}, {@code external_url} and {@code external-url} are one key. */
  private static String normalise(String key) {
    StringBuilder out = new StringBuilder();
    for (char c : key.toCharArray()) {
      if (Character.isUpperCase(c)) {
        out.append('-').append(Character.toLowerCase(c));
      } else {
        out.append(c == '_' ? '-' : c);
      }
    }
    return out.toString();
  }

  private static String stripComment(String value) {
    if (value.startsWith("\"") || value.startsWith("'")) {
      return value;
    }
    int hash = value.indexOf(" #");
    return hash < 0 ? value : value.substring(0, hash).strip();
  }

  private static String unquote(String value) {
    if (value.length() >= 2
        && ((value.startsWith("\"") && value.endsWith("\""))
            || (value.startsWith("'") && value.endsWith("'")))) {
      return value.substring(1, value.length() - 1);
    }
    return value;
  }

  /** A setting that cannot be used, with a one-line reason for stderr. */
  static final class SettingsException extends RuntimeException {
    SettingsException(String message) {
      super(message);
    }
  }
}
