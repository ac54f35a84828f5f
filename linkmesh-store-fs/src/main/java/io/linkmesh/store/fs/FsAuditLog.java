package io.linkmesh.store.fs;

import static java.util.Objects.requireNonNull;

import io.linkmesh.domain.audit.AuditEntry;
import io.linkmesh.domain.audit.AuditPage;
import io.linkmesh.domain.audit.AuditQuery;
import io.linkmesh.domain.port.out.AuditLog;
import io.linkmesh.domain.port.out.StoreException;
import io.linkmesh.store.fs.internal.AuditFiles;
import io.linkmesh.store.fs.internal.FileOps;
import java.nio.file.Path;
import java.util.List;

/**
 * The built-in {@link AuditLog}: append-only segment files under {@code <directory>/audit}, each
 * entry checksummed and fsynced before {@link #append} returns. Queries page newest first and read
 * only the entries they look at (at most {@value AuditFiles#MAX_SCAN} per page). Fields are bounded
 * (1 KiB each, detail 8 KiB; longer values are cut and marked {@code [truncated]}). Safe for
 * concurrent use.
 */
public final class FsAuditLog implements AuditLog, AutoCloseable {
  /** The subdirectory of the state directory that holds the log. */
  public static final String DIRECTORY = "audit";

  static final long DEFAULT_SEGMENT_BYTES = 64L << 20;

  private final AuditFiles files;

  private FsAuditLog(AuditFiles files) {
    this.files = files;
  }

  /**
   * Opens the log in {@code <directory>/audit} (for the server, {@code directory} is {@code
   * <data-dir>/state}, the same directory as the {@link FsRevisionStore}).
   *
   * @throws StoreException when another process has it open or it is damaged
   */
  public static FsAuditLog open(Path directory) {
    return open(directory, FileOps.system(), DEFAULT_SEGMENT_BYTES);
  }

  static FsAuditLog open(Path directory, FileOps ops, long maxSegmentBytes) {
    requireNonNull(directory, "directory");
    return new FsAuditLog(AuditFiles.open(directory.resolve(DIRECTORY), ops, maxSegmentBytes));
  }

  @Override
  public AuditEntry append(AuditEntry entry) {
    requireNonNull(entry, "entry");
    return files.append(entry);
  }

  @Override
  public List<AuditEntry> appendAll(List<AuditEntry> entries) {
    requireNonNull(entries, "entries");
    entries.forEach(e -> requireNonNull(e, "entry"));
    return files.appendAll(entries);
  }

  @Override
  public AuditPage query(AuditQuery query) {
    requireNonNull(query, "query");
    return files.query(query);
  }

  /** How many entries the log holds. */
  public long size() {
    return files.size();
  }

  @Override
  public void close() {
    files.close();
  }

  @Override
  public String toString() {
    return "FsAuditLog[" + files.directory() + "]";
  }
}
