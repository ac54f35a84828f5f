package io.linkmesh.store.fs.internal;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.linkmesh.domain.port.out.StoreException;
import io.linkmesh.domain.port.out.StoreStatus;
import io.linkmesh.domain.revision.Change;
import io.linkmesh.domain.revision.Commit;
import io.linkmesh.domain.revision.CommitResult;
import io.linkmesh.domain.revision.CommitRule;
import io.linkmesh.domain.revision.HistoryPage;
import io.linkmesh.domain.revision.InvalidStateException;
import io.linkmesh.domain.revision.Revision;
import io.linkmesh.domain.revision.RevisionId;
import io.linkmesh.domain.revision.StateDocument;
import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine behind {@code FsRevisionStore}: revisions, trees and documents as content-addressed
 * objects in {@link PackFiles}, the head in {@link HeadFile}, commits grouped so that the writers
 * waiting behind one fsync share the next.
 */
public final class Repository implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(Repository.class);
  private static final String REVISION_KIND = "revision/v1";

  /** The largest document the store takes. */
  public static final int MAX_DOCUMENT = 16 << 20;

  private static final int MAX_BATCH = 512;

  private final Path directory;
  private final FileOps ops;
  private final DirectoryLock lock;
  private final PackFiles packs;
  private final HashTrie trie = new HashTrie(16_384);
  private final Map<ObjectId, Stored> revisionCache =
      Collections.synchronizedMap(
          new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<ObjectId, Stored> eldest) {
              return size() > 4096;
            }
          });
  private final GroupCommit<Commit, CommitResult> commits =
      new GroupCommit<>(MAX_BATCH, this::runBatch);
  private volatile @Nullable Stored head;
  private volatile @Nullable String failure;
  private volatile boolean closed;

  /** A decoded revision record. */
  private record Stored(Revision revision, ObjectId id, long seq, ObjectId tree) {}

  /** Objects and revisions made by the batch being written. */
  private final class Batch {
    final Map<ObjectId, Frame> frames = new LinkedHashMap<>();
    final Map<ObjectId, Stored> revisions = new HashMap<>();

    void stage(Frame frame) {
      if (!packs.contains(frame.id())) {
        frames.putIfAbsent(frame.id(), frame);
      }
    }

    byte[] node(ObjectId id) {
      Frame pending = frames.get(id);
      return pending != null ? pending.payload() : readObject(id, Frame.NODE, "tree node");
    }
  }

  private Repository(Path directory, FileOps ops, DirectoryLock lock, PackFiles packs) {
    this.directory = directory;
    this.ops = ops;
    this.lock = lock;
    this.packs = packs;
  }

  /**
   * Opens (creating when empty) the store in {@code directory}.
   *
   * @throws StoreException when another process holds it, or it is damaged (with how to recover)
   */
  public static Repository open(Path directory, FileOps ops, long maxPackBytes) {
    DirectoryLock lock = DirectoryLock.createAndAcquire(ops, directory, "revision store");
    try {
      return openLocked(directory, ops, maxPackBytes, lock);
    } catch (RuntimeException e) {
      lock.close();
      throw e;
    }
  }

  private static Repository openLocked(
      Path directory, FileOps ops, long maxPackBytes, DirectoryLock lock) {
    Path objects = directory.resolve(PackFiles.DIRECTORY);
    Path headFile = directory.resolve(HeadFile.FILE);
    HeadFile.State state;
    PackFiles packs;
    try {
      Optional<HeadFile.State> read;
      try {
        read = HeadFile.read(directory);
      } catch (Frame.DamageException e) {
        throw damaged(directory, headFile + " " + e.getMessage(), survey(objects));
      }
      if (read.isEmpty()) {
        for (int pack : PackFiles.list(objects)) {
          if (Files.size(PackFiles.path(objects, pack)) > 0) {
            throw damaged(directory, headFile + " is missing but revisions exist", survey(objects));
          }
        }
        FileOps.createDurably(ops, objects);
        HeadFile.write(ops, directory, HeadFile.State.EMPTY);
        ops.syncDirectory(directory);
        state = HeadFile.State.EMPTY;
      } else {
        state = read.get();
      }
      PackFiles.Summary summary = new PackFiles.Summary();
      try {
        packs = PackFiles.open(objects, ops, maxPackBytes, state, summary);
      } catch (PackFiles.Damage e) {
        throw damaged(directory, e.getMessage(), e.summary());
      }
    } catch (IOException e) {
      throw new StoreException(
          "cannot open the revision store in " + directory + ": " + e, true, e);
    }
    Repository repository = new Repository(directory, ops, lock, packs);
    try {
      repository.loadHead(state);
    } catch (RuntimeException e) {
      packs.close();
      throw e;
    }
    Stored head = repository.head;
    LOG.info(
        "Opened the revision store in {}: head {} ({} revisions, {} objects, {} bytes)",
        directory,
        head == null ? "none" : head.revision().id(),
        head == null ? 0 : head.seq(),
        packs.objectCount(),
        packs.bytes());
    return repository;
  }

  /** Reads the head and every object it needs, refusing to serve a damaged head. */
  private void loadHead(HeadFile.State state) {
    ObjectId id = state.revision();
    if (id == null) {
      return;
    }
    try {
      Stored stored =
          stored(id)
              .orElseThrow(
                  () ->
                      new StoreException(
                          "HEAD names revision " + id + ", which is not in the packs", false));
      // Every node and document read here is checked against its SHA-256 name.
      trie.forEachNode(this::node, stored.tree(), node -> {});
      for (ObjectId blob : trie.entries(this::node, stored.tree()).values()) {
        readObject(blob, Frame.BLOB, "document");
      }
      head = stored;
    } catch (StoreException | Frame.DamageException e) {
      throw damaged(
          directory, "the head revision " + id + " cannot be read: " + e.getMessage(), null);
    }
  }

  /** Scans every pack from the start for the newest intact revision, ignoring HEAD. */
  private static PackFiles.Summary survey(Path objects) throws IOException {
    return survey(objects, null);
  }

  private static PackFiles.Summary survey(
      Path objects, @Nullable Map<ObjectId, PackFiles.Location> index) throws IOException {
    PackFiles.Summary summary = new PackFiles.Summary();
    try {
      for (int pack : PackFiles.list(objects)) {
        Path file = PackFiles.path(objects, pack);
        PackFiles.scan(file, Files.size(file), summary, index, pack);
      }
    } catch (PackFiles.Damage e) {
      return e.summary();
    }
    return summary;
  }

  private static StoreException damaged(
      Path directory, String what, PackFiles.@Nullable Summary summary) {
    StringBuilder message =
        new StringBuilder("The revision store in ")
            .append(directory)
            .append(" is damaged: ")
            .append(what)
            .append(". LinkMesh will not serve a damaged store. ");
    if (summary != null && summary.lastRevision() != null) {
      message
          .append("The newest intact revision is ")
          .append(summary.lastRevision())
          .append(" (revision ")
          .append(summary.revisions())
          .append(" in ")
          .append(PackFiles.path(directory.resolve(PackFiles.DIRECTORY), summary.lastPack()))
          .append("). ");
    } else if (summary != null) {
      message.append("No intact revision was found. ");
    }
    message
        .append("To recover: stop LinkMesh, copy ")
        .append(directory)
        .append(" aside, then either restore it from a backup taken while the server was stopped,")
        .append(" or run 'linkmesh store recover --data-dir <data-dir>', which makes the newest")
        .append(" intact revision the head and keeps the damaged bytes in *.damaged files.");
    return new StoreException(message.toString(), false);
  }

  /**
   * Makes the newest intact revision the head: the newest revision whose records pass their
   * checksums and whose every tree node and document matches its SHA-256. Cuts the packs after it
   * (keeping the cut bytes in {@code .damaged-*} files) and rewrites HEAD. The store must not be
   * open.
   */
  public static RevisionId recover(Path directory) {
    DirectoryLock lock = DirectoryLock.acquire(directory, "revision store");
    try {
      Path objects = directory.resolve(PackFiles.DIRECTORY);
      Map<ObjectId, PackFiles.Location> index = new HashMap<>();
      List<ObjectId> candidates = survey(objects, index).revisionIds();
      Stored chosen = null;
      PackFiles.Location where = null;
      try (PackFiles packs = PackFiles.forReading(objects, index)) {
        Repository probe = new Repository(directory, FileOps.system(), lock, packs);
        for (int i = candidates.size() - 1; i >= 0 && chosen == null; i--) {
          ObjectId candidate = candidates.get(i);
          try {
            probe.loadHead(new HeadFile.State(candidate, 0, 1, 0));
            chosen = probe.head;
            where = packs.locate(candidate).orElseThrow();
          } catch (StoreException e) {
            LOG.warn(
                "Revision {} is not intact, trying the one before: {}", candidate, e.getMessage());
          }
        }
      }
      if (chosen == null || where == null) {
        throw new StoreException("no intact revision in " + objects + "; restore a backup", false);
      }
      long end = where.offset() + where.size();
      String suffix = ".damaged-" + Instant.now().toEpochMilli();
      for (int pack : PackFiles.list(objects)) {
        Path file = PackFiles.path(objects, pack);
        if (pack > where.pack()) {
          Files.move(file, file.resolveSibling(file.getFileName() + suffix));
        } else if (pack == where.pack() && Files.size(file) > end) {
          Files.copy(
              file,
              file.resolveSibling(file.getFileName() + suffix),
              StandardCopyOption.COPY_ATTRIBUTES);
          try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(end);
            channel.force(true);
          }
        }
      }
      HeadFile.write(
          FileOps.system(),
          directory,
          new HeadFile.State(chosen.id(), chosen.seq(), where.pack(), end));
      LOG.warn(
          "Recovered the revision store in {}: head is now {} (revision {})",
          directory,
          chosen.revision().id(),
          chosen.seq());
      return chosen.revision().id();
    } catch (IOException e) {
      throw new StoreException("cannot recover " + directory + ": " + e, true, e);
    } finally {
      lock.close();
    }
  }

  // ---- reads ----

  public Optional<Revision> head() {
    checkOpen();
    Stored stored = head;
    return stored == null ? Optional.empty() : Optional.of(stored.revision());
  }

  public Optional<Revision> find(RevisionId id) {
    checkOpen();
    return objectId(id).flatMap(this::stored).map(Stored::revision);
  }

  public Optional<Map<String, String>> snapshot(RevisionId id) {
    checkOpen();
    Optional<Stored> stored = objectId(id).flatMap(this::stored);
    if (stored.isEmpty()) {
      return Optional.empty();
    }
    SortedMap<String, ObjectId> entries =
        guarded(() -> trie.entries(this::node, stored.get().tree()));
    Map<String, String> out = new TreeMap<>();
    entries.forEach(
        (path, blob) -> out.put(path, new String(readObject(blob, Frame.BLOB, "document"), UTF_8)));
    return Optional.of(Collections.unmodifiableMap(out));
  }

  public HistoryPage history(@Nullable RevisionId from, int limit) {
    checkOpen();
    if (limit < 1 || limit > HistoryPage.MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be 1-" + HistoryPage.MAX_LIMIT + ": " + limit);
    }
    Stored start = head;
    if (from != null) {
      start = objectId(from).flatMap(this::stored).orElse(null);
    }
    List<Revision> items = new ArrayList<>();
    Stored cursor = start;
    while (cursor != null && items.size() < limit) {
      items.add(cursor.revision());
      RevisionId parent = cursor.revision().parent();
      cursor = parent == null ? null : storedOrDamage(parent);
    }
    RevisionId next = cursor == null ? null : cursor.revision().id();
    return new HistoryPage(items, next);
  }

  public StoreStatus status() {
    String failed = failure;
    if (closed) {
      return StoreStatus.degraded("the revision store is closed");
    }
    return failed == null ? StoreStatus.OK : StoreStatus.degraded(failed);
  }

  private Stored storedOrDamage(RevisionId parent) {
    return objectId(parent)
        .flatMap(this::stored)
        .orElseThrow(
            () ->
                new StoreException(
                    "revision " + parent + " is named as a parent but is not in the store", false));
  }

  private static Optional<ObjectId> objectId(RevisionId id) {
    return ObjectId.parse(id.value());
  }

  private Optional<Stored> stored(ObjectId id) {
    Stored cached = revisionCache.get(id);
    if (cached != null) {
      return Optional.of(cached);
    }
    Optional<byte[]> payload = packs.read(id, Frame.REVISION);
    if (payload.isEmpty()) {
      return Optional.empty();
    }
    Stored stored = decodeRevision(id, payload.get());
    revisionCache.put(id, stored);
    return Optional.of(stored);
  }

  private byte[] node(ObjectId id) {
    return readObject(id, Frame.NODE, "tree node");
  }

  private byte[] readObject(ObjectId id, byte type, String what) {
    return packs
        .read(id, type)
        .orElseThrow(
            () ->
                new StoreException("the " + what + " " + id + " is missing from the packs", false));
  }

  private static <T> T guarded(Supplier<T> read) {
    try {
      return read.get();
    } catch (Frame.DamageException e) {
      throw new StoreException("a stored tree node is damaged: " + e.getMessage(), false);
    }
  }

  // ---- commits ----

  public CommitResult commit(Commit commit) {
    checkOpen();
    return commits.submit(commit);
  }

  private void runBatch(List<GroupCommit.Ticket<Commit, CommitResult>> batch) {
    String failed = failure;
    if (failed != null) {
      StoreException refused = new StoreException(failed, /* unavailable= */ true);
      batch.forEach(r -> r.error = refused);
      return;
    }
    writeBatch(batch);
  }

  private void writeBatch(List<GroupCommit.Ticket<Commit, CommitResult>> batch) {
    Stored start = head;
    Stored current = start;
    Batch pending = new Batch();
    for (GroupCommit.Ticket<Commit, CommitResult> request : batch) {
      try {
        Stored made = apply(current, request, pending);
        if (made != null) {
          current = made;
        }
      } catch (StoreException | IllegalArgumentException e) {
        request.error = e;
      } catch (Frame.DamageException e) {
        request.error = new StoreException("a stored object is damaged: " + e.getMessage(), false);
      }
    }
    if (current == start) {
      return;
    }
    PackFiles.Staged staged = null;
    boolean installing = false;
    try {
      staged = packs.append(new ArrayList<>(pending.frames.values()));
      HeadFile.State state =
          new HeadFile.State(current.id(), current.seq(), staged.pack(), staged.length());
      HeadFile.prepare(ops, directory, state);
      installing = true;
      HeadFile.install(ops, directory);
    } catch (IOException | RuntimeException e) {
      String reason =
          installing
              ? "a commit failed while replacing HEAD, so whether it survives a restart is not"
                  + " known; the store takes no more writes until it is reopened: "
                  + e
              : "could not write a commit to " + directory + ": " + e;
      StoreException failed = new StoreException(reason, true, e);
      for (GroupCommit.Ticket<Commit, CommitResult> request : batch) {
        if (request.error == null) {
          request.output = null;
          request.error = failed;
        }
      }
      if (installing) {
        failure = reason;
      } else {
        rollBack(staged, e);
      }
      LOG.error("Commit of {} revision(s) failed", pending.revisions.size(), e);
      return;
    }
    packs.publish(staged);
    revisionCache.putAll(pending.revisions);
    head = current;
  }

  private void rollBack(PackFiles.@Nullable Staged staged, Exception cause) {
    try {
      if (staged != null) {
        packs.abort(staged);
      }
    } catch (IOException | RuntimeException e) {
      cause.addSuppressed(e);
      packsNeedReopen(e.toString());
      return;
    }
    if (packs.needsReopen()) {
      packsNeedReopen(String.valueOf(cause));
    }
  }

  private void packsNeedReopen(String why) {
    failure =
        "a failed commit could not be taken back ("
            + why
            + "); the store takes no more writes until it is reopened";
    LOG.error("Could not take back a failed commit: {}", why);
  }

  /** Applies one commit on top of {@code current}; returns the new head, or null on a conflict. */
  private @Nullable Stored apply(
      @Nullable Stored current, GroupCommit.Ticket<Commit, CommitResult> request, Batch pending) {
    Commit commit = request.input;
    RevisionId headId = current == null ? null : current.revision().id();
    CommitResult.Conflict conflict =
        CommitRule.conflict(
            commit,
            headId,
            id -> {
              Optional<ObjectId> objectId = objectId(id);
              Optional<Stored> stored = objectId.map(pending.revisions::get);
              if (stored.isEmpty()) {
                stored = objectId.flatMap(this::stored);
              }
              // Blob ids are content hashes: equal ids, equal documents.
              return stored.<CommitRule.Documents>map(
                  s -> path -> trie.lookup(pending::node, s.tree(), path).orElse(null));
            });
    if (conflict != null) {
      request.output = conflict;
      return null;
    }
    Map<String, @Nullable ObjectId> edits = new LinkedHashMap<>();
    List<Frame> blobs = new ArrayList<>();
    for (Change change : commit.changes()) {
      String content = change.content();
      if (content == null) {
        edits.put(change.path(), null);
      } else {
        byte[] bytes = content.getBytes(UTF_8);
        if (bytes.length > MAX_DOCUMENT) {
          throw new IllegalArgumentException(
              change.path()
                  + " is "
                  + bytes.length
                  + " bytes; a document is at most "
                  + MAX_DOCUMENT);
        }
        Frame blob = Frame.of(Frame.BLOB, bytes);
        blobs.add(blob);
        edits.put(change.path(), blob.id());
      }
    }
    blobs.forEach(pending::stage);
    HashTrie.Ref tree =
        trie.update(pending::node, current == null ? null : current.tree(), edits, pending::stage);
    long seq = current == null ? 1 : current.seq() + 1;
    byte[] record = encodeRevision(seq, tree.id(), current, commit);
    Frame frame = Frame.of(Frame.REVISION, record);
    pending.stage(frame);
    Revision revision =
        new Revision(
            RevisionId.of(frame.id().hex()),
            headId,
            commit.author(),
            commit.time(),
            commit.message());
    Stored made = new Stored(revision, frame.id(), seq, tree.id());
    pending.revisions.put(frame.id(), made);
    request.output = new CommitResult.Committed(revision);
    return made;
  }

  private static byte[] encodeRevision(
      long seq, ObjectId tree, @Nullable Stored parent, Commit commit) {
    return StateDocument.builder(REVISION_KIND)
        .field("seq", Long.toString(seq))
        .field("tree", tree.hex())
        .fieldIfPresent("parent", parent == null ? null : parent.id().hex())
        .field("author", commit.author())
        .field("time", commit.time().toString())
        .field("message", commit.message())
        .render()
        .getBytes(UTF_8);
  }

  private static Stored decodeRevision(ObjectId id, byte[] payload) {
    try {
      StateDocument doc = StateDocument.parse(new String(payload, UTF_8));
      if (!REVISION_KIND.equals(doc.kind())) {
        throw new InvalidStateException("not a " + REVISION_KIND + " record");
      }
      ObjectId tree =
          ObjectId.parse(doc.required("tree"))
              .orElseThrow(() -> new InvalidStateException("malformed tree id"));
      String parent = doc.optional("parent");
      if (parent != null && ObjectId.parse(parent).isEmpty()) {
        throw new InvalidStateException("malformed parent id");
      }
      Revision revision =
          new Revision(
              RevisionId.of(id.hex()),
              parent == null ? null : RevisionId.of(parent),
              doc.required("author"),
              Instant.parse(doc.required("time")),
              doc.required("message"));
      return new Stored(revision, id, Long.parseLong(doc.required("seq")), tree);
    } catch (IllegalArgumentException | DateTimeParseException e) {
      throw new StoreException(
          "revision " + id + " is not a valid record: " + e.getMessage(), false);
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the revision store is closed");
    }
  }

  public Path directory() {
    return directory;
  }

  @Override
  public void close() {
    StoreException refusal = new StoreException("the revision store is closed", true);
    commits.close(
        "the revision store is closed",
        refusal,
        () -> {
          closed = true;
          packs.close();
          lock.close();
        });
  }
}
