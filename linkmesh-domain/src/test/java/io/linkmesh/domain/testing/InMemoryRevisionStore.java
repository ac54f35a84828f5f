package io.linkmesh.domain.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.linkmesh.domain.port.out.RevisionStore;
import io.linkmesh.domain.revision.Change;
import io.linkmesh.domain.revision.Commit;
import io.linkmesh.domain.revision.CommitResult;
import io.linkmesh.domain.revision.CommitRule;
import io.linkmesh.domain.revision.HistoryPage;
import io.linkmesh.domain.revision.Revision;
import io.linkmesh.domain.revision.RevisionId;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/** A {@link RevisionStore} in memory: every revision keeps its whole snapshot. */
public final class InMemoryRevisionStore implements RevisionStore {
  private final Map<RevisionId, Revision> revisions = new HashMap<>();
  private final Map<RevisionId, Map<String, String>> snapshots = new HashMap<>();
  private final List<Runnable> listeners = new ArrayList<>();
  private @Nullable RevisionId head;
  private long counter;

  @Override
  public synchronized Optional<Revision> head() {
    return head == null ? Optional.empty() : Optional.of(revisions.get(head));
  }

  @Override
  public synchronized Optional<Revision> find(RevisionId id) {
    return Optional.ofNullable(revisions.get(id));
  }

  @Override
  public synchronized Optional<Map<String, String>> snapshot(RevisionId id) {
    Map<String, String> snapshot = snapshots.get(id);
    return snapshot == null ? Optional.empty() : Optional.of(Collections.unmodifiableMap(snapshot));
  }

  @Override
  public synchronized CommitResult commit(Commit commit) {
    CommitResult.Conflict conflict =
        CommitRule.conflict(
            commit,
            head,
            id -> Optional.ofNullable(snapshots.get(id)).<CommitRule.Documents>map(s -> s::get));
    if (conflict != null) {
      return conflict;
    }
    Map<String, String> current = head == null ? Map.of() : snapshots.get(head);
    Map<String, String> next = new TreeMap<>(current);
    for (Change change : commit.changes()) {
      if (change.isDelete()) {
        next.remove(change.path());
      } else {
        next.put(change.path(), change.content());
      }
    }
    RevisionId id = newId(commit);
    Revision revision = new Revision(id, head, commit.author(), commit.time(), commit.message());
    revisions.put(id, revision);
    snapshots.put(id, next);
    head = id;
    return new CommitResult.Committed(revision);
  }

  @Override
  public synchronized HistoryPage history(@Nullable RevisionId from, int limit) {
    if (limit < 1 || limit > HistoryPage.MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be 1-" + HistoryPage.MAX_LIMIT);
    }
    List<Revision> items = new ArrayList<>();
    RevisionId cursor = from == null ? head : from;
    if (cursor != null && !revisions.containsKey(cursor)) {
      return new HistoryPage(List.of(), null);
    }
    while (cursor != null && items.size() < limit) {
      Revision revision = revisions.get(cursor);
      items.add(revision);
      cursor = revision.parent();
    }
    return new HistoryPage(items, cursor);
  }

  @Override
  public synchronized void onExternalChange(Runnable listener) {
    listeners.add(listener);
  }

  /**
   * Commits as another writer would (a second replica, a person editing the Git repository), then
   * tells the listeners.
   */
  public CommitResult commitExternally(Commit commit) {
    CommitResult result = commit(commit);
    List<Runnable> toCall;
    synchronized (this) {
      toCall = List.copyOf(listeners);
    }
    toCall.forEach(Runnable::run);
    return result;
  }

  private RevisionId newId(Commit commit) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(
          (head + "|" + commit.time() + "|" + commit.author() + "|" + (++counter)).getBytes(UTF_8));
      for (Change change : commit.changes()) {
        digest.update((change.path() + "=" + change.content()).getBytes(UTF_8));
      }
      return RevisionId.of(HexFormat.of().formatHex(digest.digest()).substring(0, 40));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
