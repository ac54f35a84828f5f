package io.linkmesh.domain.revision;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What changed from one revision to another, document by document, with the texts on both sides so
 * an adapter can render a line diff.
 *
 * @param from the older revision, null for the diff of the first revision
 */
public record RevisionDiff(@Nullable RevisionId from, RevisionId to, List<Entry> entries) {
  public RevisionDiff {
    requireNonNull(to, "to");
    entries = List.copyOf(entries);
  }

  /** How one document changed. */
  public enum Kind {
    ADDED,
    REMOVED,
    MODIFIED
  }

  /** One changed document. */
  public record Entry(String path, Kind kind, @Nullable String before, @Nullable String after) {
    public Entry {
      requireNonNull(path, "path");
      requireNonNull(kind, "kind");
    }
  }
}
