package io.linkmesh.store.fs;

import static java.util.Objects.requireNonNull;

import io.linkmesh.domain.port.out.RevisionStore;
import io.linkmesh.domain.port.out.StoreException;
import io.linkmesh.domain.port.out.StoreStatus;
import io.linkmesh.domain.revision.Commit;
import io.linkmesh.domain.revision.CommitResult;
import io.linkmesh.domain.revision.HistoryPage;
import io.linkmesh.domain.revision.Revision;
import io.linkmesh.domain.revision.RevisionId;
import io.linkmesh.store.fs.internal.FileOps;
import io.linkmesh.store.fs.internal.Repository;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The built-in {@link RevisionStore}: the desired state and its whole revision history in one
 * directory on local disk. A revision is durable when {@link #commit} returns; a crash at any
 * instant leaves the old head or the new one; a second process opening the same directory is
 * refused; damaged files are detected by checksums and reported with their path. Safe for
 * concurrent use; concurrent commits share fsyncs (group commit). See the module README for the
 * on-disk layout, backups and recovery.
 */
public final class FsRevisionStore implements RevisionStore, AutoCloseable {
  /** The size at which a new pack file is started. */
  static final long DEFAULT_PACK_BYTES = 64L << 20;

  private final Repository repository;

  private FsRevisionStore(Repository repository) {
    this.repository = repository;
  }

  /**
   * Opens the store in {@code directory} (for the server, {@code <data-dir>/state}), creating it
   * when it does not exist, and holds it until {@link #close()}.
   *
   * @throws StoreException when another process has it open, or it is damaged; the message says
   *     which file, which revision is intact and how to recover
   */
  public static FsRevisionStore open(Path directory) {
    return open(directory, FileOps.system(), DEFAULT_PACK_BYTES);
  }

  static FsRevisionStore open(Path directory, FileOps ops, long maxPackBytes) {
    requireNonNull(directory, "directory");
    return new FsRevisionStore(Repository.open(directory, ops, maxPackBytes));
  }

  /**
   * Repairs a store that refuses to open because it is damaged: the newest revision whose records
   * are all intact becomes the head, and the bytes after it are moved to {@code *.damaged-*} files
   * next to the packs (revisions after it are lost unless restored from a backup). The store must
   * not be open in any process. Copy the directory aside before calling this.
   *
   * @return the revision that is now the head
   */
  public static RevisionId recover(Path directory) {
    requireNonNull(directory, "directory");
    return Repository.recover(directory);
  }

  @Override
  public Optional<Revision> head() {
    return repository.head();
  }

  @Override
  public Optional<Revision> find(RevisionId id) {
    requireNonNull(id, "id");
    return repository.find(id);
  }

  @Override
  public Optional<Map<String, String>> snapshot(RevisionId id) {
    requireNonNull(id, "id");
    return repository.snapshot(id);
  }

  @Override
  public CommitResult commit(Commit commit) {
    requireNonNull(commit, "commit");
    return repository.commit(commit);
  }

  @Override
  public HistoryPage history(@Nullable RevisionId from, int limit) {
    return repository.history(from, limit);
  }

  @Override
  public StoreStatus status() {
    return repository.status();
  }

  /** Releases the directory; the store answers no more calls. */
  @Override
  public void close() {
    repository.close();
  }

  @Override
  public String toString() {
    return "FsRevisionStore[" + repository.directory() + "]";
  }
}
