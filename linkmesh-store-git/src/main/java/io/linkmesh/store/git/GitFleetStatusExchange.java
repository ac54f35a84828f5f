package io.linkmesh.store.git;

import static java.util.Objects.requireNonNull;

import io.linkmesh.domain.fleet.CollectorId;
import io.linkmesh.domain.fleet.ConfigHash;
import io.linkmesh.domain.fleet.Health;
import io.linkmesh.domain.fleet.LiveSummary;
import io.linkmesh.domain.fleet.RemoteConfigStatus;
import io.linkmesh.domain.fleet.Transport;
import io.linkmesh.domain.port.out.FleetStatusExchange;
import io.linkmesh.domain.port.out.StoreException;
import io.linkmesh.domain.revision.InvalidStateException;
import io.linkmesh.domain.revision.StateDocument;
import io.linkmesh.store.git.internal.Remote;
import io.linkmesh.store.git.internal.RemoteUnavailableException;
import io.linkmesh.store.git.internal.ReplicaCommits;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live collector state shared between replicas through the store's remote, with no protocol of its
 * own: each replica commits the summaries of the collectors connected to it as one plain-text file
 * ({@code status}) on its own ref {@code refs/linkmesh/status/<replica>}, and the store's poller
 * pushes that ref and fetches every other replica's status ref on each poll.
 *
 * <p>Each publication <em>replaces</em> the previous one: the commit has no parent, so the ref's
 * history is always one commit long, and the push force-updates the ref. That is safe because only
 * this replica writes its own status ref (the push still names the commit it expects to replace, so
 * it never overwrites anything it has not seen); no other ref is ever force-pushed.
 *
 * <p>A peer's publication is at most one publish interval plus two poll intervals old when fetched
 * (publish, push on the publisher's poll, fetch on the reader's poll); {@link #staleAfter()} is
 * five poll intervals, after which the peer's collectors count as disconnected.
 */
public final class GitFleetStatusExchange implements FleetStatusExchange {
  private static final Logger LOG = LoggerFactory.getLogger(GitFleetStatusExchange.class);
  static final String PREFIX = "refs/linkmesh/status/";
  private static final String FILE = "status";
  private static final String KIND = "fleet-status/v1";
  private static final String ENTRY_KIND = "collector-live/v1";

  /** At most this many peers are read; a status file larger than this is ignored. */
  static final int MAX_PEERS = 64;

  static final int MAX_BYTES = 16 * 1024 * 1024;

  private final Repository repo;
  private final String replica;
  private final String ref;
  private final Duration staleAfter;
  private final Map<String, Peer> peers = new ConcurrentHashMap<>();
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
  private @Nullable ObjectId tip;
  private @Nullable ObjectId pushed;

  private record Peer(ObjectId commit, PeerStatus status) {}

  GitFleetStatusExchange(Repository repo, String replica, Duration staleAfter) {
    this.repo = requireNonNull(repo, "repo");
    this.replica = requireNonNull(replica, "replica");
    this.ref = refName(replica);
    this.staleAfter = requireNonNull(staleAfter, "staleAfter");
  }

  static String refName(String replica) {
    return PREFIX + replica;
  }

  @Override
  public synchronized void publish(List<LiveSummary> summaries, Instant publishedAt) {
    requireNonNull(summaries, "summaries");
    requireNonNull(publishedAt, "publishedAt");
    if (summaries.size() > MAX_SUMMARIES) {
      throw new IllegalArgumentException(
          summaries.size() + " summaries, more than " + MAX_SUMMARIES);
    }
    byte[] text = encode(replica, publishedAt, summaries).getBytes(StandardCharsets.UTF_8);
    try (ObjectInserter inserter = repo.newObjectInserter()) {
      TreeFormatter tree = new TreeFormatter();
      tree.append(FILE, FileMode.REGULAR_FILE, inserter.insert(Constants.OBJ_BLOB, text));
      CommitBuilder commit = new CommitBuilder();
      commit.setTreeId(inserter.insert(tree));
      PersonIdent who = ReplicaCommits.ident(replica, publishedAt);
      commit.setAuthor(who);
      commit.setCommitter(who);
      commit.setMessage("Live status of replica " + replica + "\n");
      ObjectId id = inserter.insert(commit);
      inserter.flush();
      ReplicaCommits.force(repo, ref, id);
      tip = id;
    } catch (IOException e) {
      throw new StoreException("cannot record the live status: " + e.getMessage(), false);
    }
  }

  @Override
  public List<PeerStatus> peers() {
    List<PeerStatus> out = new ArrayList<>();
    for (Peer peer : peers.values()) {
      out.add(peer.status());
    }
    return out;
  }

  @Override
  public Duration staleAfter() {
    return staleAfter;
  }

  /** Runs {@code listener} after each exchange with the remote (push and fetch), for tests. */
  public void onExchanged(Runnable listener) {
    listeners.add(requireNonNull(listener, "listener"));
  }

  /**
   * Pushes this replica's latest publication if the remote does not have it yet, then fetches the
   * other replicas' status refs. Called by the store's poller; failures wait for the next poll.
   */
  void exchange(Remote remote) {
    try {
      pushOwn(remote);
      fetchPeers(remote);
    } catch (RemoteUnavailableException e) {
      LOG.debug("Live status not exchanged: {}", e.getMessage());
      return;
    }
    for (Runnable listener : listeners) {
      listener.run();
    }
  }

  private void pushOwn(Remote remote) throws RemoteUnavailableException {
    ObjectId local;
    ObjectId expected;
    synchronized (this) {
      local = tip;
      expected = pushed;
    }
    if (local == null || local.equals(expected)) {
      return;
    }
    Remote.PushOutcome outcome = remote.replace(repo, local, ref, expected);
    if (!outcome.pushed()) {
      // After a restart this replica does not know what it published before: replace that.
      ObjectId theirs = remote.fetch(repo, ref);
      outcome = remote.replace(repo, local, ref, theirs);
    }
    if (outcome.pushed()) {
      synchronized (this) {
        pushed = local;
      }
    } else {
      LOG.warn("The remote refused this replica's live status on {}: {}", ref, outcome.reason());
    }
  }

  private void fetchPeers(Remote remote) throws RemoteUnavailableException {
    Map<String, ObjectId> found = remote.fetchAll(repo, PREFIX, MAX_PEERS + 1);
    peers.keySet().removeIf(name -> !found.containsKey(refName(name)));
    for (Map.Entry<String, ObjectId> e : found.entrySet()) {
      String name = e.getKey().substring(PREFIX.length());
      if (name.equals(replica)) {
        continue;
      }
      Peer known = peers.get(name);
      if (known != null && known.commit().equals(e.getValue())) {
        continue;
      }
      try {
        peers.put(name, new Peer(e.getValue(), read(e.getValue(), name)));
      } catch (IOException | RuntimeException ex) {
        LOG.warn("Ignoring the live status of replica '{}': {}", name, ex.getMessage());
        peers.remove(name);
      }
    }
  }

  private PeerStatus read(ObjectId commitId, String name) throws IOException {
    try (RevWalk walk = new RevWalk(repo)) {
      RevCommit commit = walk.parseCommit(commitId);
      try (TreeWalk tree = TreeWalk.forPath(repo, FILE, commit.getTree())) {
        if (tree == null) {
          throw new IOException("no '" + FILE + "' file");
        }
        ObjectLoader loader = repo.open(tree.getObjectId(0), Constants.OBJ_BLOB);
        if (loader.getSize() > MAX_BYTES) {
          throw new IOException("larger than " + MAX_BYTES + " bytes");
        }
        PeerStatus status = decode(new String(loader.getBytes(), StandardCharsets.UTF_8));
        if (!status.replica().equals(name)) {
          throw new IOException("it names replica '" + status.replica() + "'");
        }
        return status;
      }
    }
  }

  static String encode(String replica, Instant publishedAt, List<LiveSummary> summaries) {
    StringBuilder body = new StringBuilder();
    for (LiveSummary s : summaries) {
      if (body.length() > 0) {
        body.append('\n');
      }
      StateDocument.Builder entry =
          StateDocument.builder(ENTRY_KIND)
              .field("id", s.id().value())
              .field("connected", Boolean.toString(s.connected()))
              .fieldIfPresent("transport", s.transport() == null ? null : s.transport().name())
              .fieldIfPresent("since", s.since() == null ? null : s.since().toString())
              .fieldIfPresent("last-seen", s.lastSeen() == null ? null : s.lastSeen().toString())
              .fieldIfPresent(
                  "applied-hash", s.appliedHash() == null ? null : s.appliedHash().hex())
              .field("remote-config.state", s.remoteConfigStatus().state().name())
              .field("remote-config.message", s.remoteConfigStatus().errorMessage())
              .fieldIfPresent(
                  "remote-config.hash",
                  s.remoteConfigStatus().lastHash() == null
                      ? null
                      : s.remoteConfigStatus().lastHash().hex())
              .field("reported-at", s.reportedAt().toString());
      Health health = s.health();
      if (health != null) {
        entry
            .field("health.healthy", Boolean.toString(health.healthy()))
            .field("health.status", health.status())
            .field("health.last-error", health.lastError());
      }
      body.append(entry.render());
    }
    return StateDocument.builder(KIND)
        .field("replica", replica)
        .field("published-at", publishedAt.toString())
        .field("collectors", Integer.toString(summaries.size()))
        .body(body.toString())
        .render();
  }

  static PeerStatus decode(String text) {
    StateDocument doc = StateDocument.parse(text);
    if (!KIND.equals(doc.kind())) {
      throw new InvalidStateException("expected kind " + KIND + " but found " + doc.kind());
    }
    String replica = doc.required("replica");
    Instant publishedAt = Instant.parse(doc.required("published-at"));
    int count = Integer.parseInt(doc.required("collectors"));
    if (count < 0 || count > MAX_SUMMARIES) {
      throw new InvalidStateException("collectors must be 0.." + MAX_SUMMARIES + ": " + count);
    }
    List<LiveSummary> summaries = new ArrayList<>(count);
    String body = doc.body();
    if (count > 0 && body != null) {
      for (String part : (body + "\n").split("\n\n", -1)) {
        if (part.isEmpty()) {
          continue;
        }
        summaries.add(decodeEntry(StateDocument.parse(part + "\n"), replica));
      }
    }
    if (summaries.size() != count) {
      throw new InvalidStateException(
          "says " + count + " collectors but holds " + summaries.size());
    }
    return new PeerStatus(replica, publishedAt, summaries);
  }

  private static LiveSummary decodeEntry(StateDocument doc, String replica) {
    if (!ENTRY_KIND.equals(doc.kind())) {
      throw new InvalidStateException("expected kind " + ENTRY_KIND + " but found " + doc.kind());
    }
    String healthy = doc.optional("health.healthy");
    String transport = doc.optional("transport");
    String since = doc.optional("since");
    String lastSeen = doc.optional("last-seen");
    String applied = doc.optional("applied-hash");
    String lastHash = doc.optional("remote-config.hash");
    return new LiveSummary(
        CollectorId.of(doc.required("id")),
        Boolean.parseBoolean(doc.required("connected")),
        transport == null ? null : Transport.valueOf(transport),
        since == null ? null : Instant.parse(since),
        lastSeen == null ? null : Instant.parse(lastSeen),
        healthy == null
            ? null
            : Health.of(
                Boolean.parseBoolean(healthy),
                doc.required("health.status"),
                doc.required("health.last-error")),
        applied == null ? null : new ConfigHash(applied),
        new RemoteConfigStatus(
            RemoteConfigStatus.State.valueOf(doc.required("remote-config.state")),
            doc.required("remote-config.message"),
            lastHash == null ? null : new ConfigHash(lastHash)),
        replica,
        Instant.parse(doc.required("reported-at")));
  }
}
