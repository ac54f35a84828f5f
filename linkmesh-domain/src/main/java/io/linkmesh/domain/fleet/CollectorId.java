package io.linkmesh.domain.fleet;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;

/**
 * A collector's identity: the OpAMP {@code instance_uid} as a canonical UUID string, or the id an
 * Alloy collector sends. Restricted to a safe alphabet so it can name files, Git paths and URL
 * segments without escaping.
 */
public record CollectorId(String value) implements Comparable<CollectorId> {
  public static final int MAX_LENGTH = 128;
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@-]*");

  public CollectorId {
    requireNonNull(value, "value");
    if (value.isEmpty() || value.length() > MAX_LENGTH || !SAFE.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "collector id must be 1-"
              + MAX_LENGTH
              + " characters of [A-Za-z0-9._:@-] starting with a letter or digit: '"
              + abbreviate(value)
              + "'");
    }
  }

  public static CollectorId of(String value) {
    return new CollectorId(value);
  }

  /** Whether {@code value} would make a valid id, for adapters that answer bad input cleanly. */
  public static boolean isValid(String value) {
    return !value.isEmpty() && value.length() <= MAX_LENGTH && SAFE.matcher(value).matches();
  }

  @Override
  public int compareTo(CollectorId other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }
}
