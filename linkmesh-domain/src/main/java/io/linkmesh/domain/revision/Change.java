package io.linkmesh.domain.revision;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * One document written or deleted by a commit.
 *
 * @param path a {@link StatePaths} path
 * @param content the new text, or null to delete the document
 */
public record Change(String path, @Nullable String content) {
  public Change {
    requireNonNull(path, "path");
    StatePaths.requireValid(path);
  }

  public static Change put(String path, String content) {
    return new Change(path, requireNonNull(content, "content"));
  }

  public static Change delete(String path) {
    return new Change(path, null);
  }

  public boolean isDelete() {
    return content == null;
  }
}
