package io.linkmesh.store.git.internal;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.jspecify.annotations.Nullable;

/**
 * What a replica writes into its clone besides revisions' content: its identity on the commits it
 * makes (revisions, audit entries, live status) and the moves of the refs it owns.
 */
public final class ReplicaCommits {
  private ReplicaCommits() {}

  /** {@code LinkMesh <replica> <<replica>@linkmesh.invalid>}, at {@code when} in UTC. */
  public static PersonIdent ident(String replica, Instant when) {
    return new PersonIdent(
        "LinkMesh " + replica, replica + "@linkmesh.invalid", when, ZoneOffset.UTC);
  }

  /** Points {@code ref} at {@code id} whatever it pointed at (a ref this replica mirrors). */
  public static void force(Repository repo, String ref, ObjectId id) throws IOException {
    RefUpdate update = repo.updateRef(ref);
    update.setNewObjectId(id);
    update.setForceUpdate(true);
    RefUpdate.Result result = update.update();
    if (result == RefUpdate.Result.LOCK_FAILURE
        || result == RefUpdate.Result.IO_FAILURE
        || result == RefUpdate.Result.REJECTED) {
      throw new IOException("cannot move " + ref + ": " + result);
    }
  }

  /**
   * Moves {@code ref} from {@code expected} (null: the ref does not exist yet) to {@code id}, a
   * descendant of it; anything else, such as a second writer, fails.
   */
  public static void advance(Repository repo, String ref, ObjectId id, @Nullable ObjectId expected)
      throws IOException {
    RefUpdate update = repo.updateRef(ref);
    update.setNewObjectId(id);
    update.setExpectedOldObjectId(expected == null ? ObjectId.zeroId() : expected);
    RefUpdate.Result result = update.update();
    if (result != RefUpdate.Result.NEW
        && result != RefUpdate.Result.FAST_FORWARD
        && result != RefUpdate.Result.NO_CHANGE) {
      throw new IOException("cannot move " + ref + ": " + result);
    }
  }
}
