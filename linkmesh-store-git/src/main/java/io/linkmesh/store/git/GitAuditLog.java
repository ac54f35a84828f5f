package io.linkmesh.store.git;

import static java.util.Objects.requireNonNull;

import io.linkmesh.domain.audit.AuditCodec;
import io.linkmesh.domain.audit.AuditEntry;
import io.linkmesh.domain.audit.AuditPage;
import io.linkmesh.domain.audit.AuditQuery;
import io.linkmesh.domain.port.out.AuditLog;
import io.linkmesh.domain.port.out.StoreException;
import io.linkmesh.store.git.internal.Remote;
import io.linkmesh.store.git.internal.RemoteUnavailableException;
import io.linkmesh.store.git.internal.ReplicaCommits;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This replica's audit log as an append-only chain of commits on its own ref, {@code
 * refs/linkmesh/audit/<replica>}, in the store's clone. Each entry is one commit with an empty tree
 * and the entry as its message, so an append costs the same however long the log is, and is durable
 * on local disk when {@link #append} returns. The store's poller pushes new entries to the same ref
 * on the remote (fast-forward only; only this replica writes it), so the log survives the loss of
 * the replica's disk, and a replica started on a fresh disk continues its own chain from the
 * remote. Other replicas' logs are on the remote under their own names ({@code git log
 * refs/linkmesh/audit/<replica>}).
 *
 * <p>Sequence numbers are this replica's: 1 for its first entry. Entries are also kept in memory
 * for queries.
 */
public final class GitAuditLog implements AuditLog {
  private static final Logger LOG = LoggerFactory.getLogger(GitAuditLog.class);

  private final Repository repo;
  private final String ref;
  private final String replica;
  private final Clock clock;
  private final List<AuditEntry> entries = new ArrayList<>();
  private @Nullable ObjectId tip;
  private @Nullable ObjectId pushed;
  private boolean pushRefused;

  GitAuditLog(Repository repo, String replica, Clock clock, @Nullable ObjectId remoteTip) {
    this.repo = repo;
    this.replica = replica;
    this.clock = clock;
    this.ref = refName(replica);
    this.pushed = remoteTip;
    try {
      Ref local = repo.exactRef(ref);
      ObjectId start = local == null ? null : local.getObjectId();
      if (start == null && remoteTip != null) {
        start = remoteTip;
        updateRef(remoteTip, null);
      }
      tip = start;
      load(start);
    } catch (IOException e) {
      throw new StoreException("cannot read the audit log: " + e.getMessage(), false);
    }
  }

  static String refName(String replica) {
    return "refs/linkmesh/audit/" + replica;
  }

  private void load(@Nullable ObjectId start) throws IOException {
    if (start == null) {
      return;
    }
    List<AuditEntry> newestFirst = new ArrayList<>();
    try (RevWalk walk = new RevWalk(repo)) {
      RevCommit commit = walk.parseCommit(start);
      while (true) {
        newestFirst.add(decode(commit.getFullMessage(), commit.name()));
        if (commit.getParentCount() == 0) {
          break;
        }
        commit = walk.parseCommit(commit.getParent(0));
      }
    }
    Collections.reverse(newestFirst);
    entries.addAll(newestFirst);
  }

  @Override
  public synchronized AuditEntry append(AuditEntry entry) {
    requireNonNull(entry, "entry");
    AuditEntry stored = entry.withSequence(entries.size() + 1L);
    try (ObjectInserter inserter = repo.newObjectInserter()) {
      CommitBuilder commit = new CommitBuilder();
      commit.setTreeId(inserter.insert(Constants.OBJ_TREE, new byte[0]));
      if (tip != null) {
        commit.setParentId(tip);
      }
      PersonIdent who = ReplicaCommits.ident(replica, Instant.now(clock));
      commit.setAuthor(who);
      commit.setCommitter(who);
      commit.setMessage(AuditCodec.encode(stored));
      ObjectId id = inserter.insert(commit);
      inserter.flush();
      updateRef(id, tip);
      tip = id;
      entries.add(stored);
      return stored;
    } catch (IOException e) {
      throw new StoreException("cannot append to the audit log: " + e.getMessage(), false);
    }
  }

  @Override
  public synchronized AuditPage query(AuditQuery query) {
    requireNonNull(query, "query");
    return query.page(entries);
  }

  /** Pushes the entries the remote does not have yet; failures wait for the next call. */
  void push(Remote remote) {
    ObjectId local;
    ObjectId expected;
    synchronized (this) {
      local = tip;
      expected = pushed;
      if (local == null || local.equals(expected) || pushRefused) {
        return;
      }
    }
    try {
      Remote.PushOutcome outcome = remote.push(repo, local, ref, expected);
      if (!outcome.pushed()) {
        ObjectId theirs = remote.fetch(repo, ref);
        if (theirs != null && isAncestor(theirs, local)) {
          outcome = remote.push(repo, local, ref, theirs);
        }
      }
      synchronized (this) {
        if (outcome.pushed()) {
          pushed = local;
        } else {
          pushRefused = true;
          LOG.error(
              "The remote refused this replica's audit log on {}: is another replica named '{}'?",
              ref,
              replica);
        }
      }
    } catch (RemoteUnavailableException e) {
      LOG.debug("Audit log not pushed yet: {}", e.getMessage());
    }
  }

  /** Whether every entry has reached the remote. */
  public synchronized boolean pushed() {
    return tip == null || tip.equals(pushed);
  }

  private boolean isAncestor(ObjectId ancestor, ObjectId descendant) {
    try (RevWalk walk = new RevWalk(repo)) {
      return walk.isMergedInto(walk.parseCommit(ancestor), walk.parseCommit(descendant));
    } catch (IOException e) {
      return false;
    }
  }

  private void updateRef(ObjectId id, @Nullable ObjectId expected) throws IOException {
    ReplicaCommits.advance(repo, ref, id, expected);
  }

  private static AuditEntry decode(String text, String commit) {
    try {
      return AuditCodec.decode(text);
    } catch (IllegalArgumentException e) {
      throw new StoreException(
          "audit log commit " + commit + " is not an audit entry: " + e.getMessage(), false);
    }
  }
}
