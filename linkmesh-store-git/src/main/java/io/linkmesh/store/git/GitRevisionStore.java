package io.linkmesh.store.git;

import static java.util.Objects.requireNonNull;

import io.linkmesh.domain.port.out.RevisionStore;
import io.linkmesh.domain.port.out.StoreException;
import io.linkmesh.domain.port.out.StoreStatus;
import io.linkmesh.domain.revision.Commit;
import io.linkmesh.domain.revision.CommitResult;
import io.linkmesh.domain.revision.CommitRule;
import io.linkmesh.domain.revision.HistoryPage;
import io.linkmesh.domain.revision.InvalidStateException;
import io.linkmesh.domain.revision.NewerStateFormatException;
import io.linkmesh.domain.revision.Revision;
import io.linkmesh.domain.revision.RevisionId;
import io.linkmesh.domain.revision.StateFormat;
import io.linkmesh.store.git.internal.Remote;
import io.linkmesh.store.git.internal.RemoteUnavailableException;
import io.linkmesh.store.git.internal.ReplicaCommits;
import io.linkmesh.store.git.internal.RepositoryLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.ConfigConstants;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevTree;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The desired state in a remote Git repository shared by several replicas, each with a local (bare)
 * clone.
 *
 * <ul>
 *   <li>A revision is a Git commit on the branch (author = operator, message = the change's
 *       message, committer = this replica), acknowledged only after the push succeeded. The push
 *       never forces: when the remote moved first, the store fetches and re-applies the change on
 *       the new head unless a path it changes was changed there too ({@link Commit}'s rule).
 *   <li>{@link #start()} fetches on the poll interval. A fetched head that passes the {@link
 *       StateValidator} is served and reported through {@link #onExternalChange}; one that fails is
 *       skipped and reported in {@link #status()}, and the last valid revision stays served.
 *   <li>While the remote is unreachable, reads come from the local clone, writes fail at once with
 *       an unavailable {@link StoreException}, and the next successful fetch catches up.
 * </ul>
 *
 * <p>Safe for concurrent use. Close it to stop polling and release the clone.
 */
public final class GitRevisionStore implements RevisionStore, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GitRevisionStore.class);
  private static final int MAX_PUSH_ATTEMPTS = 16;
  private static final int MAX_VALID_SEARCH = 1000;
  private static final int SNAPSHOT_CACHE = 8;
  private static final int GC_EVERY = 200;

  /**
   * A peer's live status older than this many poll intervals is stale: publish (at most one poll
   * interval apart when unchanged, see FleetService) + push on the publisher's poll + fetch on the
   * reader's poll stays well within it.
   */
  static final int STALE_POLLS = 5;

  private static final String README =
      "# LinkMesh desired state\n\n"
          + "This repository is the desired state of a LinkMesh control plane. Every commit on\n"
          + "this branch is a revision; LinkMesh replicas push here and fetch from here.\n\n"
          + "- `configs/<name>/meta` - header lines: `kind: config/v1`, `name`, `runtime`\n"
          + "  (`otelcol` or `alloy`), `selector.<label>: <value>` (one line per matcher)\n"
          + "- `configs/<name>/config.yaml` or `config.alloy` - the config body, verbatim\n"
          + "- `collectors/<id>`, `enrollment-tokens/<id>`, `api-tokens/<id>` - one record per\n"
          + "  file (header lines `name: value`; secrets are stored only as SHA-256 hashes)\n"
          + "- `format` - the version of this layout (`kind: state-format/v1`, `version`)\n\n"
          + "Edit, commit and push as usual: a commit that does not validate is not applied\n"
          + "(LinkMesh keeps serving the last valid revision and reports the commit).\n"
          + "Files outside these directories (like this one) are ignored.\n";

  /** Keeps every byte as LinkMesh wrote it, whatever a person's line-ending settings. */
  private static final String GITATTRIBUTES = "* -text\n";

  private final GitStoreOptions options;
  private final Repository repo;
  private final Remote remote;
  private final String branchRef;
  private final String trackingRef;
  private final ReentrantLock lock = new ReentrantLock();
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
  private final AtomicInteger revisionsSinceGc = new AtomicInteger();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Map<ObjectId, Map<String, String>> snapshots =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ObjectId, Map<String, String>> eldest) {
          return size() > SNAPSHOT_CACHE;
        }
      };

  private volatile @Nullable ObjectId served;
  private volatile @Nullable String remoteProblem;
  private volatile @Nullable Instant remoteDownSince;
  private volatile long lastFailureNanos;
  private boolean branchMissing;
  private volatile @Nullable ObjectId rejectedTip;
  private volatile @Nullable String rejectedProblem;
  private @Nullable ScheduledExecutorService poller;
  private @Nullable GitAuditLog audit;
  private @Nullable GitFleetStatusExchange fleetStatus;

  private GitRevisionStore(GitStoreOptions options, Repository repo, Remote remote) {
    this.options = options;
    this.repo = repo;
    this.remote = remote;
    this.branchRef = "refs/heads/" + options.branch();
    this.trackingRef = "refs/remotes/origin/" + options.branch();
  }

  /**
   * Opens the local clone (creating it if needed) and fetches the remote: an existing branch is
   * fetched and validated, an empty remote gets its branch with the first commit.
   *
   * @throws StoreException unavailable when the remote cannot be reached and there is no local
   *     clone to serve from
   */
  public static GitRevisionStore open(GitStoreOptions options) {
    requireNonNull(options, "options");
    Repository repo = openClone(options);
    Remote remote = new Remote(options);
    GitRevisionStore store = new GitRevisionStore(options, repo, remote);
    try {
      store.served = store.resolve(store.branchRef);
      store.startup();
      store.audit = store.openAuditLog();
      store.fleetStatus =
          new GitFleetStatusExchange(
              repo, options.replica(), options.pollInterval().multipliedBy(STALE_POLLS));
      return store;
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }

  private static Repository openClone(GitStoreOptions options) {
    Path dir = options.cloneDir();
    try {
      ownerOnlyDirectory(dir);
      Repository repo = new FileRepositoryBuilder().setGitDir(dir.toFile()).setBare().build();
      if (!repo.getObjectDatabase().exists()) {
        repo.create(true);
      }
      StoredConfig config = repo.getConfig();
      config.setBoolean(ConfigConstants.CONFIG_CORE_SECTION, null, "fsyncObjectFiles", true);
      config.setBoolean(ConfigConstants.CONFIG_CORE_SECTION, null, "fsyncRefFiles", true);
      // Garbage collection runs on the poller's thread, never detached behind close().
      config.setBoolean(ConfigConstants.CONFIG_GC_SECTION, null, "autoDetach", false);
      config.setBoolean(
          ConfigConstants.CONFIG_CORE_SECTION,
          null,
          ConfigConstants.CONFIG_KEY_LOGALLREFUPDATES,
          false);
      config.setString("remote", "origin", "url", options.safeRemoteUrl());
      config.setString(
          "remote",
          "origin",
          "fetch",
          "+refs/heads/" + options.branch() + ":refs/remotes/origin/" + options.branch());
      config.save();
      RefUpdate head = repo.getRefDatabase().newUpdate("HEAD", false);
      head.link("refs/heads/" + options.branch());
      return repo;
    } catch (IOException e) {
      throw new StoreException(
          "cannot open the Git clone in " + dir + ": " + e.getMessage(), false);
    }
  }

  /**
   * Creates the clone directory (and missing parents) with mode 0700 whatever the umask, and
   * narrows an existing clone to 0700. JGit creates the files inside with the umask; the directory
   * keeps every other user out of them (the clone holds the audit trail and credential verifiers).
   */
  private static void ownerOnlyDirectory(Path dir) throws IOException {
    Path absolute = dir.toAbsolutePath();
    boolean posix = absolute.getFileSystem().supportedFileAttributeViews().contains("posix");
    if (!Files.isDirectory(absolute)) {
      Path parent = absolute.getParent();
      if (parent != null && !Files.isDirectory(parent)) {
        ownerOnlyDirectory(parent);
      }
      if (posix) {
        Files.createDirectory(
            absolute,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      } else {
        Files.createDirectory(absolute);
      }
    }
    if (posix && Files.isDirectory(absolute.resolve("objects"))) {
      Files.setPosixFilePermissions(absolute, PosixFilePermissions.fromString("rwx------"));
    }
  }

  private void startup() {
    ObjectId tip;
    try {
      tip = remote.fetch(repo);
    } catch (RemoteUnavailableException e) {
      if (served == null && resolve(trackingRef) == null) {
        throw new StoreException("cannot start: no local clone yet and " + e.getMessage(), true);
      }
      markDown(e.getMessage());
      LOG.warn("Serving revision {} from the local clone: {}", idOrNone(served), e.getMessage());
      return;
    }
    lock.lock();
    try {
      adopt(tip);
      if (tip != null && tip.equals(rejectedTip)) {
        refuseNewerFormat(tip);
      }
      if (served == null && tip != null) {
        served = lastValidAncestor(tip);
        if (served != null) {
          writeRef(branchRef, served);
        }
      }
    } finally {
      lock.unlock();
    }
    LOG.info(
        "Git store on {} branch {}: serving revision {}",
        options.safeRemoteUrl(),
        options.branch(),
        idOrNone(served));
  }

  private GitAuditLog openAuditLog() {
    String ref = GitAuditLog.refName(options.replica());
    ObjectId remoteTip = null;
    if (remoteProblem == null && resolve(ref) == null) {
      try {
        remoteTip = remote.fetch(repo, ref);
      } catch (RemoteUnavailableException e) {
        markDown(e.getMessage());
      }
    }
    return new GitAuditLog(repo, options.replica(), options.clock(), remoteTip);
  }

  /**
   * This replica's audit log, kept in the same clone and pushed to the remote by the poller (see
   * {@link GitAuditLog}).
   */
  public GitAuditLog auditLog() {
    return requireNonNull(audit, "audit");
  }

  /**
   * Live collector state shared with the other replicas through the same remote, exchanged by the
   * poller (see {@link GitFleetStatusExchange}).
   */
  public GitFleetStatusExchange fleetStatus() {
    return requireNonNull(fleetStatus, "fleetStatus");
  }

  /** Starts fetching on the poll interval. Idempotent. */
  public synchronized GitRevisionStore start() {
    if (closed.get()) {
      throw new IllegalStateException("the Git store is closed");
    }
    if (poller == null) {
      ScheduledExecutorService executor =
          Executors.newSingleThreadScheduledExecutor(
              task -> {
                Thread thread = new Thread(task, "linkmesh-git-poll-" + options.replica());
                thread.setDaemon(true);
                return thread;
              });
      long millis = options.pollInterval().toMillis();
      executor.scheduleWithFixedDelay(this::pollQuietly, millis, millis, TimeUnit.MILLISECONDS);
      poller = executor;
    }
    return this;
  }

  private void pollQuietly() {
    try {
      sync();
      if (revisionsSinceGc.get() >= GC_EVERY) {
        revisionsSinceGc.set(0);
        // Packs the loose objects of our own commits once Git's usual thresholds are passed.
        repo.autoGC(NullProgressMonitor.INSTANCE);
      }
    } catch (RuntimeException e) {
      LOG.warn("Git poll failed", e);
    }
  }

  /**
   * Fetches once now, serves the fetched head if it validates and tells the listeners when the head
   * moved. Never throws for an unreachable remote: that shows in {@link #status()}.
   *
   * @return whether the served head moved
   */
  public boolean sync() {
    ObjectId tip;
    boolean moved;
    if (!tryLock()) {
      return false;
    }
    try {
      try {
        tip = remote.fetch(repo);
      } catch (RemoteUnavailableException e) {
        markDown(e.getMessage());
        return false;
      }
      markUp();
      moved = adopt(tip);
    } finally {
      lock.unlock();
    }
    if (moved) {
      notifyListeners();
    }
    GitAuditLog log = audit;
    if (log != null) {
      log.push(remote);
    }
    GitFleetStatusExchange status = fleetStatus;
    if (status != null) {
      status.exchange(remote);
    }
    return moved;
  }

  /** Takes in the remote's branch head; call with the lock held. Returns whether served moved. */
  private boolean adopt(@Nullable ObjectId tip) {
    if (tip == null) {
      if (served != null && !branchMissing) {
        branchMissing = true;
        LOG.warn(
            "Branch {} is missing on {}; the next revision creates it again",
            options.branch(),
            options.safeRemoteUrl());
      }
      return false;
    }
    branchMissing = false;
    if (!tip.equals(resolve(trackingRef))) {
      writeRef(trackingRef, tip);
    }
    if (tip.equals(served)) {
      clearRejection();
      return false;
    }
    if (tip.equals(rejectedTip)) {
      return false;
    }
    String problem = validate(tip);
    if (problem == null) {
      clearRejection();
      served = tip;
      writeRef(branchRef, tip);
      revisionsSinceGc.incrementAndGet();
      Revision revision = revision(tip);
      LOG.info(
          "Serving revision {} by {} from {}: {}",
          revision.id(),
          revision.author(),
          options.safeRemoteUrl(),
          firstLine(revision.message()));
      return true;
    }
    Revision bad = revision(tip);
    rejectedTip = tip;
    rejectedProblem =
        "commit "
            + tip.name()
            + " by "
            + bad.author()
            + " ('"
            + firstLine(bad.message())
            + "') does not validate: "
            + problem;
    LOG.warn(
        "Skipping {}; still serving revision {}. Fix or revert it in Git.",
        rejectedProblem,
        idOrNone(served));
    return false;
  }

  /** Why a commit may not be served, or null when it may. */
  private @Nullable String validate(ObjectId id) {
    try (RevWalk walk = new RevWalk(repo)) {
      RevCommit commit = walk.parseCommit(id);
      RepositoryLayout.Contents contents =
          RepositoryLayout.read(walk.getObjectReader(), commit.getTree());
      if (!contents.problems().isEmpty()) {
        int more = contents.problems().size() - 1;
        return contents.problems().get(0) + (more > 0 ? " (and " + more + " more)" : "");
      }
      options.validator().validate(contents.documents());
      return null;
    } catch (IOException e) {
      return "unreadable: " + e.getMessage();
    } catch (RuntimeException e) {
      return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
  }

  /**
   * A branch head in a newer {@link StateFormat} is not a bad commit to skip but the store of a
   * newer server: this one must not start on it, and serving an older revision would hide that.
   */
  private void refuseNewerFormat(ObjectId tip) {
    try (RevWalk walk = new RevWalk(repo)) {
      RevCommit commit = walk.parseCommit(tip);
      StateFormat.requireKnown(
          RepositoryLayout.read(walk.getObjectReader(), commit.getTree()).documents());
    } catch (IOException e) {
      throw unreadable(e);
    } catch (NewerStateFormatException e) {
      throw e;
    } catch (InvalidStateException e) {
      // A malformed format document: skipped like any other invalid commit.
    }
  }

  private @Nullable ObjectId lastValidAncestor(ObjectId tip) {
    try (RevWalk walk = new RevWalk(repo)) {
      RevCommit cursor = walk.parseCommit(tip);
      for (int i = 0; i < MAX_VALID_SEARCH; i++) {
        if (validate(cursor) == null) {
          return cursor.copy();
        }
        if (cursor.getParentCount() == 0) {
          return null;
        }
        cursor = walk.parseCommit(cursor.getParent(0));
      }
      return null;
    } catch (IOException e) {
      throw new StoreException("cannot read the Git clone: " + e.getMessage(), false);
    }
  }

  @Override
  public Optional<Revision> head() {
    ObjectId id = served;
    return id == null ? Optional.empty() : Optional.of(revision(id));
  }

  @Override
  public Optional<Revision> find(RevisionId id) {
    requireNonNull(id, "id");
    ObjectId objectId = objectId(id);
    if (objectId == null) {
      return Optional.empty();
    }
    try (RevWalk walk = new RevWalk(repo)) {
      return Optional.of(toRevision(walk.parseCommit(objectId)));
    } catch (MissingObjectException | IncorrectObjectTypeException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new StoreException("cannot read the Git clone: " + e.getMessage(), false);
    }
  }

  @Override
  public Optional<Map<String, String>> snapshot(RevisionId id) {
    requireNonNull(id, "id");
    ObjectId objectId = objectId(id);
    if (objectId == null) {
      return Optional.empty();
    }
    synchronized (snapshots) {
      Map<String, String> cached = snapshots.get(objectId);
      if (cached != null) {
        return Optional.of(cached);
      }
    }
    try (RevWalk walk = new RevWalk(repo)) {
      RevCommit commit = walk.parseCommit(objectId);
      Map<String, String> documents =
          RepositoryLayout.read(walk.getObjectReader(), commit.getTree()).documents();
      synchronized (snapshots) {
        snapshots.put(objectId, documents);
      }
      return Optional.of(documents);
    } catch (MissingObjectException | IncorrectObjectTypeException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new StoreException("cannot read the Git clone: " + e.getMessage(), false);
    }
  }

  @Override
  public HistoryPage history(@Nullable RevisionId from, int limit) {
    if (limit < 1 || limit > HistoryPage.MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be 1-" + HistoryPage.MAX_LIMIT + ": " + limit);
    }
    ObjectId cursor = from == null ? served : objectId(from);
    List<Revision> items = new ArrayList<>();
    if (cursor == null) {
      return new HistoryPage(items, null);
    }
    try (RevWalk walk = new RevWalk(repo)) {
      while (cursor != null && items.size() < limit) {
        RevCommit commit = walk.parseCommit(cursor);
        items.add(toRevision(commit));
        cursor = commit.getParentCount() > 0 ? commit.getParent(0).copy() : null;
      }
    } catch (MissingObjectException | IncorrectObjectTypeException e) {
      // An unknown start, or a damaged clone: stop at the last readable revision.
      return new HistoryPage(items, null);
    } catch (IOException e) {
      throw new StoreException("cannot read the Git clone: " + e.getMessage(), false);
    }
    return new HistoryPage(items, cursor == null ? null : RevisionId.of(cursor.name()));
  }

  @Override
  public CommitResult commit(Commit commit) {
    requireNonNull(commit, "commit");
    if (!tryLock()) {
      throw new StoreException("the Git store is busy: try again", true);
    }
    boolean moved = false;
    try {
      failFastWhileDown();
      int refusals = 0;
      for (int attempt = 1; attempt <= MAX_PUSH_ATTEMPTS; attempt++) {
        ObjectId tip = resolve(trackingRef);
        if (tip != null && !tip.equals(served) && tip.equals(rejectedTip)) {
          throw new StoreException(
              "writes are paused until the branch head validates again: " + rejectedProblem, true);
        }
        ObjectId head = served;
        CommitResult.Conflict conflict = conflict(commit, head);
        if (conflict != null) {
          return conflict;
        }
        ObjectId created = write(commit, head);
        Remote.PushOutcome outcome;
        ObjectId fetched;
        try {
          outcome = remote.push(repo, created, tip);
          if (outcome.pushed()) {
            markUp();
            writeRef(trackingRef, created);
            writeRef(branchRef, created);
            served = created;
            revisionsSinceGc.incrementAndGet();
            return new CommitResult.Committed(revision(created));
          }
          LOG.debug("Push of {} rejected (attempt {}): {}", created.name(), attempt, outcome);
          fetched = remote.fetch(repo);
        } catch (RemoteUnavailableException e) {
          markDown(e.getMessage());
          throw new StoreException("store unavailable: " + e.getMessage(), true);
        }
        markUp();
        // The branch did not move, so nobody beat us to it: the remote refuses this push (a
        // hook, a protected branch). Once may be a lost lock race; twice is a refusal.
        refusals = java.util.Objects.equals(fetched, tip) ? refusals + 1 : 0;
        if (refusals >= 2) {
          throw new StoreException(
              "the Git remote refused the push to " + options.branch() + ": " + outcome.reason(),
              true);
        }
        moved |= adopt(fetched);
      }
      throw new StoreException(
          "the branch kept moving: gave up after " + MAX_PUSH_ATTEMPTS + " pushes; try again",
          true);
    } finally {
      lock.unlock();
      if (moved) {
        notifyListeners();
      }
    }
  }

  /**
   * Refuses at once while the last remote operation failed less than a poll interval ago, so that
   * writes to an unreachable remote neither wait for its timeout nor hammer it. The poller clears
   * it.
   */
  private void failFastWhileDown() {
    String problem = remoteProblem;
    long failedAt = lastFailureNanos;
    if (problem != null && System.nanoTime() - failedAt < options.pollInterval().toNanos()) {
      throw new StoreException("store unavailable: " + problem, true);
    }
  }

  /** {@link CommitRule} over the clone: documents compared as the layout reads them. */
  private CommitResult.@Nullable Conflict conflict(Commit commit, @Nullable ObjectId head) {
    try (RevWalk walk = new RevWalk(repo)) {
      ObjectReader reader = walk.getObjectReader();
      return CommitRule.conflict(
          commit,
          head == null ? null : RevisionId.of(head.name()),
          id -> {
            ObjectId commitId = objectId(id);
            if (commitId == null) {
              return Optional.empty();
            }
            RevTree tree;
            try {
              tree = walk.parseCommit(commitId).getTree();
            } catch (MissingObjectException | IncorrectObjectTypeException e) {
              return Optional.empty();
            } catch (IOException e) {
              throw unreadable(e);
            }
            return Optional.of(
                path -> {
                  try {
                    return RepositoryLayout.readDocument(reader, tree, path).orElse(null);
                  } catch (IOException e) {
                    throw unreadable(e);
                  }
                });
          });
    }
  }

  private static StoreException unreadable(IOException e) {
    return new StoreException("cannot read the Git clone: " + e.getMessage(), false);
  }

  private ObjectId write(Commit commit, @Nullable ObjectId parent) {
    try (ObjectInserter inserter = repo.newObjectInserter();
        ObjectReader reader = inserter.newReader();
        RevWalk walk = new RevWalk(reader)) {
      RevCommit parentCommit = parent == null ? null : walk.parseCommit(parent);
      ObjectId tree =
          RepositoryLayout.apply(
              reader,
              inserter,
              parentCommit == null ? null : parentCommit.getTree(),
              commit.changes(),
              parentCommit == null
                  ? Map.of("README.md", README, ".gitattributes", GITATTRIBUTES)
                  : Map.of());
      CommitBuilder builder = new CommitBuilder();
      builder.setTreeId(tree);
      if (parentCommit != null) {
        builder.setParentId(parentCommit);
      }
      builder.setAuthor(
          new PersonIdent(identName(commit.author()), "", commit.time(), ZoneOffset.UTC));
      builder.setCommitter(ReplicaCommits.ident(options.replica(), options.clock().instant()));
      builder.setMessage(commit.message());
      ObjectId id = inserter.insert(builder);
      inserter.flush();
      return id;
    } catch (IOException e) {
      throw new StoreException("cannot write to the Git clone: " + e.getMessage(), false);
    }
  }

  private static String identName(String author) {
    String name = author.replaceAll("[<>\\x00-\\x1f]", "_").strip();
    return name.isEmpty() ? "unknown" : name;
  }

  @Override
  public void onExternalChange(Runnable listener) {
    listeners.add(requireNonNull(listener, "listener"));
  }

  private void notifyListeners() {
    for (Runnable listener : listeners) {
      try {
        listener.run();
      } catch (RuntimeException e) {
        LOG.warn("A listener of the Git store failed", e);
      }
    }
  }

  @Override
  public StoreStatus status() {
    String down = remoteProblem;
    if (down != null) {
      return StoreStatus.degraded(
          "Git remote unreachable since "
              + remoteDownSince
              + " ("
              + down
              + "); serving revision "
              + idOrNone(served)
              + " from the local clone");
    }
    ObjectId rejected = rejectedTip;
    String problem = rejectedProblem;
    if (rejected != null && problem != null) {
      return StoreStatus.degraded(problem + "; serving revision " + idOrNone(served));
    }
    return StoreStatus.OK;
  }

  private void markDown(String problem) {
    lastFailureNanos = System.nanoTime();
    if (remoteProblem == null) {
      remoteDownSince = Instant.now(options.clock());
      LOG.warn("Git remote unreachable: {}", problem);
    }
    remoteProblem = problem;
  }

  private void markUp() {
    if (remoteProblem != null) {
      LOG.info("Git remote {} reachable again", options.safeRemoteUrl());
    }
    remoteProblem = null;
    remoteDownSince = null;
  }

  private void clearRejection() {
    rejectedTip = null;
    rejectedProblem = null;
  }

  private boolean tryLock() {
    try {
      return lock.tryLock(options.remoteTimeout().toMillis() * 3, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private @Nullable ObjectId resolve(String ref) {
    try {
      var found = repo.exactRef(ref);
      return found == null ? null : found.getObjectId();
    } catch (IOException e) {
      throw new StoreException("cannot read the Git clone: " + e.getMessage(), false);
    }
  }

  private void writeRef(String ref, ObjectId id) {
    try {
      ReplicaCommits.force(repo, ref, id);
    } catch (IOException e) {
      throw new StoreException("cannot update the Git clone: " + e.getMessage(), false);
    }
  }

  private Revision revision(ObjectId id) {
    try (RevWalk walk = new RevWalk(repo)) {
      return toRevision(walk.parseCommit(id));
    } catch (IOException e) {
      throw new StoreException("cannot read the Git clone: " + e.getMessage(), false);
    }
  }

  private static Revision toRevision(RevCommit commit) {
    String message = commit.getFullMessage();
    if (message.length() > Revision.MAX_MESSAGE) {
      message = message.substring(0, Revision.MAX_MESSAGE);
    }
    PersonIdent author = commit.getAuthorIdent();
    return new Revision(
        RevisionId.of(commit.name()),
        commit.getParentCount() > 0 ? RevisionId.of(commit.getParent(0).name()) : null,
        author.getName(),
        author.getWhenAsInstant(),
        message);
  }

  private static @Nullable ObjectId objectId(RevisionId id) {
    return ObjectId.isId(id.value()) ? ObjectId.fromString(id.value()) : null;
  }

  private static String idOrNone(@Nullable ObjectId id) {
    return id == null ? "(none)" : id.name();
  }

  private static String firstLine(String message) {
    int eol = message.indexOf('\n');
    String line = eol < 0 ? message : message.substring(0, eol);
    return line.length() > 80 ? line.substring(0, 80) + "..." : line;
  }

  /** Stops polling and releases the clone. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    ScheduledExecutorService executor;
    synchronized (this) {
      executor = poller;
      poller = null;
    }
    if (executor != null) {
      executor.shutdownNow();
      try {
        executor.awaitTermination(options.remoteTimeout().toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    GitAuditLog log = audit;
    if (log != null && remoteProblem == null) {
      log.push(remote);
    }
    remote.close();
    repo.close();
  }

  @Override
  public String toString() {
    return "GitRevisionStore[" + options.safeRemoteUrl() + " " + options.branch() + "]";
  }
}
