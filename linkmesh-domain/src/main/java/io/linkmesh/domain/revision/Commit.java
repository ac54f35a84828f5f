package io.linkmesh.domain.revision;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A request to make a new revision: these changes, based on that revision.
 *
 * <p>The store's concurrency rule ({@link CommitRule}): the commit is a conflict when any path it
 * changes has different content at the store's head than at {@code base}. Otherwise it applies on
 * top of the head, even when the head has moved on through changes to other paths.
 *
 * @param base the revision the writer read, null only for the very first revision
 */
public record Commit(
    @Nullable RevisionId base, List<Change> changes, String author, String message, Instant time) {
  public static final int MAX_CHANGES = 10_000;

  public Commit {
    requireNonNull(author, "author");
    requireNonNull(message, "message");
    requireNonNull(time, "time");
    changes = List.copyOf(changes);
    if (changes.isEmpty()) {
      throw new IllegalArgumentException("a commit changes at least one document");
    }
    if (changes.size() > MAX_CHANGES) {
      throw new IllegalArgumentException("a commit changes at most " + MAX_CHANGES + " documents");
    }
    Set<String> seen = new HashSet<>();
    for (Change change : changes) {
      if (!seen.add(change.path())) {
        throw new IllegalArgumentException("a commit changes " + change.path() + " twice");
      }
    }
    if (message.length() > Revision.MAX_MESSAGE) {
      throw new IllegalArgumentException("commit message longer than " + Revision.MAX_MESSAGE);
    }
  }
}
