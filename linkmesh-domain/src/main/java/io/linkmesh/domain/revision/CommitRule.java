package io.linkmesh.domain.revision;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The concurrency rule every {@code RevisionStore} applies to a {@link Commit}, written once so
 * that the stores cannot drift apart:
 *
 * <ul>
 *   <li>a commit based on the head applies;
 *   <li>a commit based on an older revision is a conflict when any path it changes has different
 *       content at the head than at its base, and otherwise applies on top of the head (a null base
 *       counts as a revision with no documents);
 *   <li>a commit based on a revision the store does not have is a conflict on every path it
 *       changes;
 *   <li>a commit that names a base on a store with no revision at all is a programmer error: the
 *       domain only names a base it read from the store.
 * </ul>
 *
 * A store calls {@link #conflict} with its head and a way to look up revisions, while holding
 * whatever lock makes the check and the write one step.
 */
public final class CommitRule {
  private CommitRule() {}

  /** The documents of one revision, as a store looks them up. */
  @FunctionalInterface
  public interface Documents {
    /**
     * A value that is equal for equal documents (the text, or a hash of it), or null when the
     * revision has no document at {@code path}.
     */
    @Nullable Object at(String path);
  }

  /** How the rule reaches a store's revisions. */
  @FunctionalInterface
  public interface Revisions {
    /** The documents of a revision of this store, empty when it has no such revision. */
    Optional<Documents> find(RevisionId id);
  }

  /**
   * Checks a commit against the store's head.
   *
   * @param head the store's head, null when it has no revision yet
   * @return the conflict to report, or null when the commit applies on top of {@code head}
   * @throws IllegalArgumentException when the store has no revision and the commit names a base
   */
  public static CommitResult.@Nullable Conflict conflict(
      Commit commit, @Nullable RevisionId head, Revisions revisions) {
    requireNonNull(commit, "commit");
    requireNonNull(revisions, "revisions");
    RevisionId base = commit.base();
    if (Objects.equals(base, head)) {
      return null;
    }
    if (head == null) {
      throw new IllegalArgumentException(
          "base " + base + " is not a revision of this store, which is empty");
    }
    List<String> paths = new ArrayList<>();
    Optional<Documents> before = base == null ? Optional.of(path -> null) : revisions.find(base);
    if (before.isEmpty()) {
      commit.changes().forEach(change -> paths.add(change.path()));
      return new CommitResult.Conflict(head, paths);
    }
    Documents now =
        revisions
            .find(head)
            .orElseThrow(() -> new IllegalStateException("the head " + head + " is not found"));
    for (Change change : commit.changes()) {
      if (!Objects.equals(before.get().at(change.path()), now.at(change.path()))) {
        paths.add(change.path());
      }
    }
    return paths.isEmpty() ? null : new CommitResult.Conflict(head, paths);
  }
}
