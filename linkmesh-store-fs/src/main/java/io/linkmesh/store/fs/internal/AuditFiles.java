package io.linkmesh.store.fs.internal;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.linkmesh.domain.audit.AuditCodec;
import io.linkmesh.domain.audit.AuditEntry;
import io.linkmesh.domain.audit.AuditPage;
import io.linkmesh.domain.audit.AuditQuery;
import io.linkmesh.domain.port.out.StoreException;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine behind {@code FsAuditLog}: append-only segment files {@code audit-00000001.log}, ...
 * of {@link Frame}s, one entry each, fsynced before append returns (appends waiting behind one
 * fsync share the next). An in-memory table of where each sequence number lies (12 bytes per entry,
 * built by one scan at open) lets a query read only the entries it looks at, newest first.
 */
public final class AuditFiles implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(AuditFiles.class);

  /** Longest actor, action, target, address or outcome kept; longer ones are cut. */
  public static final int MAX_FIELD = 1024;

  /** Longest detail kept; longer ones are cut. */
  public static final int MAX_DETAIL = 8192;

  /** Most entries one query looks at before it returns a (possibly short) page with a next. */
  public static final int MAX_SCAN = 10_000;

  private static final String TRUNCATED = "[truncated]";

  private static final NumberedFiles SEGMENTS = new NumberedFiles("audit-", ".log");

  private static final int MAX_BATCH = 512;

  private final Path directory;
  private final FileOps ops;
  private final DirectoryLock lock;
  private final long maxSegmentBytes;
  private final Map<Integer, FileChannel> channels = new ConcurrentHashMap<>();
  private final GroupCommit<AuditEntry, AuditEntry> appends =
      new GroupCommit<>(MAX_BATCH, this::runBatch);
  // Guarded by "this": where entry i (sequence i + 1) lies.
  private int[] segments = new int[1024];
  private long[] offsets = new long[1024];
  private int[] sizes = new int[1024];
  private int count;
  private int segment;
  private long length;
  private volatile @Nullable String failure;
  private volatile boolean closed;

  private AuditFiles(Path directory, FileOps ops, DirectoryLock lock, long maxSegmentBytes) {
    this.directory = directory;
    this.ops = ops;
    this.lock = lock;
    this.maxSegmentBytes = maxSegmentBytes;
  }

  static Path path(Path directory, int segment) {
    return SEGMENTS.path(directory, segment);
  }

  /**
   * Opens the log in {@code directory}, creating it when needed. A last entry cut short by a crash
   * (it was never acknowledged) is dropped with a warning; damage anywhere else refuses the open.
   */
  public static AuditFiles open(Path directory, FileOps ops, long maxSegmentBytes) {
    DirectoryLock lock = DirectoryLock.createAndAcquire(ops, directory, "audit log");
    AuditFiles log = new AuditFiles(directory, ops, lock, maxSegmentBytes);
    try {
      List<Integer> list = SEGMENTS.list(directory);
      for (int i = 0; i < list.size(); i++) {
        int n = list.get(i);
        if (n != i + 1) {
          throw new StoreException(
              "the audit log in "
                  + directory
                  + " is damaged: "
                  + path(directory, i + 1)
                  + " is missing. Restore it from a backup.",
              false);
        }
        log.scan(n, i == list.size() - 1);
      }
      log.segment = list.isEmpty() ? 1 : list.get(list.size() - 1);
      LOG.info("Opened the audit log in {}: {} entries", directory, log.count);
      return log;
    } catch (IOException e) {
      log.close();
      throw new StoreException("cannot open the audit log in " + directory + ": " + e, true, e);
    } catch (RuntimeException e) {
      log.close();
      throw e;
    }
  }

  private void scan(int n, boolean last) throws IOException {
    Path file = path(directory, n);
    long size = Files.size(file);
    long offset = 0;
    String damage = null;
    boolean torn = false;
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      while (offset < size) {
        byte[] header = new byte[Frame.HEADER];
        int got = in.readNBytes(header, 0, Frame.HEADER);
        int payload;
        try {
          if (got < Frame.HEADER) {
            throw new Frame.DamageException("an entry is cut short");
          }
          payload = Frame.payloadLength(header);
        } catch (Frame.DamageException e) {
          damage = e.getMessage();
          torn = got < Frame.HEADER || zeros(in, header, got);
          break;
        }
        int frameSize = Frame.HEADER + payload + Frame.TRAILER;
        byte[] bytes = Arrays.copyOf(header, frameSize);
        int rest = in.readNBytes(bytes, Frame.HEADER, frameSize - Frame.HEADER);
        if (rest < frameSize - Frame.HEADER) {
          damage = "an entry is cut short";
          torn = true;
          break;
        }
        AuditEntry entry;
        try {
          entry = decode(Frame.decode(bytes, true).payload());
        } catch (Frame.DamageException | IllegalArgumentException e) {
          damage = e.getMessage();
          torn = offset + frameSize == size;
          break;
        }
        if (entry.sequence() != count + 1) {
          damage = "entry " + entry.sequence() + " where " + (count + 1) + " was expected";
          break;
        }
        add(n, offset, frameSize);
        offset += frameSize;
      }
    }
    if (damage != null) {
      if (!(last && torn)) {
        throw new StoreException(
            "the audit log in "
                + directory
                + " is damaged: "
                + file
                + " at byte "
                + offset
                + ": "
                + damage
                + ". Entries 1-"
                + count
                + " are intact. To recover: stop LinkMesh, copy "
                + directory
                + " aside, and restore it from a backup or cut "
                + file
                + " to "
                + offset
                + " bytes (losing the entries after it).",
            false);
      }
      Path kept = keepDamagedTail(file, offset, size);
      LOG.warn(
          "Dropping {} bytes at the end of {}: an audit entry cut short by a crash ({}); the"
              + " bytes are kept in {}",
          size - offset,
          file,
          damage,
          kept);
      try (FileChannel channel = ops.open(file, StandardOpenOption.WRITE)) {
        ops.truncate(channel, offset);
        ops.force(channel);
      }
    }
    channels.put(n, FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE));
    if (last) {
      length = offset;
    }
  }

  /**
   * Copies the bytes from {@code offset} to the end of {@code file} into a {@code
   * .damaged-<millis>} file beside it (as {@code store recover} does for packs) and makes the copy
   * durable, so the truncation that follows loses nothing a person might want to look at.
   */
  private Path keepDamagedTail(Path file, long offset, long size) throws IOException {
    Path kept =
        file.resolveSibling(file.getFileName() + ".damaged-" + Instant.now().toEpochMilli());
    try (FileChannel from = FileChannel.open(file, StandardOpenOption.READ);
        FileChannel to = ops.open(kept, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      long at = offset;
      while (at < size) {
        long moved = from.transferTo(at, size - at, to);
        if (moved <= 0) {
          throw new IOException("could not copy the damaged tail of " + file + " to " + kept);
        }
        at += moved;
      }
      ops.force(to);
    }
    ops.syncDirectory(directory);
    return kept;
  }

  /** Whether the rest of the file after a bad header is only zeros (a write that never landed). */
  private static boolean zeros(InputStream in, byte[] header, int got) throws IOException {
    for (int i = 0; i < got; i++) {
      if (header[i] != 0) {
        return false;
      }
    }
    byte[] buffer = new byte[8192];
    int n;
    while ((n = in.read(buffer)) > 0) {
      for (int i = 0; i < n; i++) {
        if (buffer[i] != 0) {
          return false;
        }
      }
    }
    return true;
  }

  private synchronized void add(int n, long offset, int size) {
    if (count == offsets.length) {
      segments = Arrays.copyOf(segments, count * 2);
      offsets = Arrays.copyOf(offsets, count * 2);
      sizes = Arrays.copyOf(sizes, count * 2);
    }
    segments[count] = n;
    offsets[count] = offset;
    sizes[count] = size;
    count++;
  }

  // ---- append ----

  public AuditEntry append(AuditEntry entry) {
    if (closed) {
      throw new IllegalStateException("the audit log is closed");
    }
    return appends.submit(entry);
  }

  /** Appends in order; entries share fsync rounds with each other and with concurrent appends. */
  public List<AuditEntry> appendAll(List<AuditEntry> entries) {
    if (closed) {
      throw new IllegalStateException("the audit log is closed");
    }
    return appends.submitAll(entries);
  }

  private void runBatch(List<GroupCommit.Ticket<AuditEntry, AuditEntry>> batch) {
    String failed = failure;
    if (failed != null) {
      StoreException refused = new StoreException(failed, true);
      batch.forEach(r -> r.error = refused);
      return;
    }
    writeBatch(batch);
  }

  private void writeBatch(List<GroupCommit.Ticket<AuditEntry, AuditEntry>> batch) {
    long sequence;
    synchronized (this) {
      sequence = count;
    }
    List<Frame> frames = new ArrayList<>();
    long total = 0;
    for (GroupCommit.Ticket<AuditEntry, AuditEntry> request : batch) {
      AuditEntry stored = bounded(request.input).withSequence(++sequence);
      Frame frame = Frame.of(Frame.AUDIT, encode(stored));
      frames.add(frame);
      total += frame.size();
      request.output = stored;
    }
    int target = segment;
    long start = length;
    boolean rolled = false;
    try {
      FileChannel channel = channels.get(target);
      if (channel != null && start > 0 && start + total > maxSegmentBytes) {
        target++;
        start = 0;
        channel = null;
      }
      if (channel == null) {
        channel =
            ops.open(
                path(directory, target),
                StandardOpenOption.CREATE,
                StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        channels.put(target, channel);
        rolled = true;
      }
      ByteBuffer buffer = ByteBuffer.allocate((int) total);
      frames.forEach(f -> f.writeTo(buffer));
      buffer.flip();
      ops.write(channel, buffer, start);
      ops.force(channel);
      if (rolled) {
        ops.syncDirectory(directory);
      }
    } catch (IOException | RuntimeException e) {
      StoreException failed =
          new StoreException(
              "could not append to the audit log in " + directory + ": " + e, true, e);
      batch.forEach(
          r -> {
            r.output = null;
            r.error = failed;
          });
      takeBack(target, start, rolled, e);
      LOG.error("Audit append of {} entries failed", batch.size(), e);
      return;
    }
    long offset = start;
    for (Frame frame : frames) {
      add(target, offset, frame.size());
      offset += frame.size();
    }
    segment = target;
    length = offset;
  }

  private void takeBack(int target, long start, boolean rolled, Exception cause) {
    try {
      FileChannel channel = channels.get(target);
      if (channel != null) {
        ops.truncate(channel, start);
      }
      if (rolled && target != segment) {
        FileChannel created = channels.remove(target);
        if (created != null) {
          created.close();
        }
        Files.deleteIfExists(path(directory, target));
      }
    } catch (IOException | RuntimeException e) {
      e.addSuppressed(cause);
      failure =
          "a failed audit append could not be taken back ("
              + e
              + "); the log takes no more entries until it is reopened";
      LOG.error("Could not take back a failed audit append", e);
    }
  }

  // ---- query ----

  public AuditPage query(AuditQuery query) {
    if (closed) {
      throw new IllegalStateException("the audit log is closed");
    }
    int end;
    synchronized (this) {
      end = count;
    }
    Long before = query.before();
    int index = (int) Math.min(end, before == null ? end : Math.max(0, before - 1)) - 1;
    List<AuditEntry> items = new ArrayList<>();
    int scanned = 0;
    while (index >= 0 && items.size() < query.limit() && scanned < MAX_SCAN) {
      AuditEntry entry = read(index);
      scanned++;
      index--;
      if (query.accepts(entry)) {
        items.add(entry);
      }
    }
    Long next = index < 0 ? null : (long) index + 2;
    return new AuditPage(items, next);
  }

  private AuditEntry read(int index) {
    int n;
    long offset;
    int size;
    synchronized (this) {
      n = segments[index];
      offset = offsets[index];
      size = sizes[index];
    }
    Path file = path(directory, n);
    FileChannel channel = channels.get(n);
    if (channel == null) {
      throw new IllegalStateException("the audit log is closed");
    }
    ByteBuffer buffer = ByteBuffer.allocate(size);
    try {
      long at = offset;
      while (buffer.hasRemaining()) {
        int got = channel.read(buffer, at);
        if (got < 0) {
          throw new StoreException(file + " at byte " + offset + ": entry cut short", false);
        }
        at += got;
      }
      return decode(Frame.decode(buffer.array(), true).payload());
    } catch (IOException e) {
      throw new StoreException("cannot read " + file + ": " + e, true, e);
    } catch (Frame.DamageException | IllegalArgumentException e) {
      throw new StoreException(
          file + " at byte " + offset + ": audit entry " + (index + 1) + " is damaged: " + e,
          false);
    }
  }

  // ---- records ----

  static AuditEntry bounded(AuditEntry entry) {
    return new AuditEntry(
        entry.sequence(),
        entry.time(),
        cut(entry.actor(), MAX_FIELD),
        cut(entry.action(), MAX_FIELD),
        cut(entry.target(), MAX_FIELD),
        cut(entry.address(), MAX_FIELD),
        cut(entry.outcome(), MAX_FIELD),
        cut(entry.detail(), MAX_DETAIL));
  }

  private static String cut(String value, int max) {
    return value.length() <= max ? value : value.substring(0, max - TRUNCATED.length()) + TRUNCATED;
  }

  private static byte[] encode(AuditEntry entry) {
    return AuditCodec.encode(entry).getBytes(UTF_8);
  }

  private static AuditEntry decode(byte[] payload) {
    return AuditCodec.decode(new String(payload, UTF_8));
  }

  public synchronized long size() {
    return count;
  }

  public Path directory() {
    return directory;
  }

  @Override
  public void close() {
    appends.close(
        "the audit log is closed",
        new StoreException("the audit log is closed", true),
        () -> {
          closed = true;
          for (FileChannel channel : channels.values()) {
            try {
              channel.close();
            } catch (IOException ignored) {
              // Everything appended was fsynced already.
            }
          }
          channels.clear();
          lock.close();
        });
  }
}
