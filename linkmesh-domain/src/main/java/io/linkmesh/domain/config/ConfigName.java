package io.linkmesh.domain.config;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;

/** The name of a config: lower-case, safe in URLs, file names and Git paths. */
public record ConfigName(String value) implements Comparable<ConfigName> {
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");

  public ConfigName {
    requireNonNull(value, "value");
    if (!NAME.matcher(value).matches() || value.contains("..")) {
      throw new IllegalArgumentException(
          "config name must be 1-63 characters of [a-z0-9._-] starting with a letter or digit: '"
              + (value.length() > 70 ? value.substring(0, 70) + "..." : value)
              + "'");
    }
  }

  public static ConfigName of(String value) {
    return new ConfigName(value);
  }

  public static boolean isValid(String value) {
    return NAME.matcher(value).matches() && !value.contains("..");
  }

  @Override
  public int compareTo(ConfigName other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
