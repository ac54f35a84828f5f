package io.linkmesh.domain.service;

import static java.util.Objects.requireNonNull;

import io.linkmesh.domain.port.out.RevisionStore;
import io.linkmesh.domain.port.out.StoreException;
import io.linkmesh.domain.revision.Change;
import io.linkmesh.domain.revision.Commit;
import io.linkmesh.domain.revision.CommitResult;
import io.linkmesh.domain.revision.NewerStateFormatException;
import io.linkmesh.domain.revision.Revision;
import io.linkmesh.domain.revision.StateFormat;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Brings a store written in an older {@link StateFormat} to the current one, before a server serves
 * it. Call it once after opening a store: it writes one revision when the head is in an older
 * format, nothing otherwise.
 */
public final class StateFormatUpgrade {
  /** Another replica migrating at the same moment wins once; a second try then finds it done. */
  private static final int MAX_ATTEMPTS = 3;

  private StateFormatUpgrade() {}

  /**
   * Migrates the store's head to {@link StateFormat#CURRENT}.
   *
   * @return the revision that migrated it, null when there was nothing to do (no head yet, or
   *     already current)
   * @throws NewerStateFormatException when the head is in a format newer than this server knows;
   *     nothing is written
   * @throws io.linkmesh.domain.revision.InvalidStateException when the head's format document is
   *     not one
   */
  public static @Nullable Revision run(RevisionStore store, Clock clock) {
    requireNonNull(store, "store");
    requireNonNull(clock, "clock");
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      Optional<Revision> head = store.head();
      if (head.isEmpty()) {
        return null;
      }
      Map<String, String> snapshot =
          store
              .snapshot(head.get().id())
              .orElseThrow(
                  () ->
                      new StoreException(
                          "the store's head " + head.get().id() + " has no snapshot", false));
      List<Change> changes = StateFormat.migration(snapshot);
      if (changes.isEmpty()) {
        return null;
      }
      CommitResult result =
          store.commit(
              new Commit(
                  head.get().id(),
                  changes,
                  StateFormat.MIGRATION_AUTHOR,
                  StateFormat.migrationMessage(snapshot),
                  clock.instant()));
      if (result instanceof CommitResult.Committed committed) {
        return committed.revision();
      }
    }
    throw new StoreException(
        "the store's head kept moving while migrating its format; try again", true);
  }
}
