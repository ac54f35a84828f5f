package io.linkmesh.domain.revision;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;

/** A revision's id, chosen by the store (a content hash, a Git commit id...). */
public record RevisionId(String value) {
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");

  public RevisionId {
    requireNonNull(value, "value");
    if (!ID.matcher(value).matches()) {
      throw new IllegalArgumentException("revision id must be 1-128 of [A-Za-z0-9._-]");
    }
  }

  public static RevisionId of(String value) {
    return new RevisionId(value);
  }

  public static boolean isValid(String value) {
    return ID.matcher(value).matches();
  }

  @Override
  public String toString() {
    return value;
  }
}
