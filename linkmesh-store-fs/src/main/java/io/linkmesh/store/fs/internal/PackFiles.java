package io.linkmesh.store.fs.internal;

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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The object packs: append-only files {@code objects/pack-00000001.dat}, ... of {@link Frame}s,
 * each object stored once under its SHA-256, with an in-memory index from id to place built by one
 * scan at open. Only the committed prefix (what HEAD names) is ever read; a new pack is started
 * when the current one passes its size limit.
 */
public final class PackFiles implements Closeable {
  private static final NumberedFiles PACKS = new NumberedFiles("pack-", ".dat");

  private static final Logger LOG = LoggerFactory.getLogger(PackFiles.class);
  public static final String DIRECTORY = "objects";

  private final Path directory;
  private final FileOps ops;
  private final long maxPackBytes;
  private final Map<ObjectId, Location> index = new ConcurrentHashMap<>();
  private final Map<Integer, FileChannel> channels = new ConcurrentHashMap<>();
  private final Map<Integer, Long> sizes = new ConcurrentHashMap<>();
  private volatile int current;
  private volatile long length;
  private volatile boolean needsReopen;

  /** Where one object lies. */
  public record Location(int pack, long offset, int size, byte type) {}

  /** Objects written and fsynced but not yet named by HEAD. */
  public record Staged(int pack, long length, Map<ObjectId, Location> locations, boolean rolled) {}

  /** What a scan found: the newest revision before any damage, and how many revisions. */
  public static final class Summary {
    private int revisions;
    private @Nullable ObjectId lastRevision;
    private int lastPack;
    private long lastEnd;
    private final List<ObjectId> revisionIds = new ArrayList<>();

    /** Every intact revision record, in the order written. */
    public List<ObjectId> revisionIds() {
      return revisionIds;
    }

    public int revisions() {
      return revisions;
    }

    public @Nullable ObjectId lastRevision() {
      return lastRevision;
    }

    public int lastPack() {
      return lastPack;
    }

    public long lastEnd() {
      return lastEnd;
    }
  }

  /** A pack is damaged at an offset. */
  public static final class Damage extends RuntimeException {
    private final Path file;
    private final long offset;
    private final Summary summary;

    Damage(Path file, long offset, String reason, Summary summary) {
      super(file + " at byte " + offset + ": " + reason);
      this.file = file;
      this.offset = offset;
      this.summary = summary;
    }

    public Path file() {
      return file;
    }

    public long offset() {
      return offset;
    }

    public Summary summary() {
      return summary;
    }
  }

  private PackFiles(Path directory, FileOps ops, long maxPackBytes) {
    this.directory = directory;
    this.ops = ops;
    this.maxPackBytes = maxPackBytes;
  }

  public static Path path(Path objects, int pack) {
    return PACKS.path(objects, pack);
  }

  /** Pack numbers present in {@code objects}, ascending. */
  public static List<Integer> list(Path objects) throws IOException {
    return PACKS.list(objects);
  }

  /**
   * Opens the packs HEAD names, scanning and indexing every committed frame, and drops what lies
   * past the committed length (a commit that never finished).
   *
   * @throws Damage when a committed byte is not an intact frame
   */
  public static PackFiles open(
      Path objects, FileOps ops, long maxPackBytes, HeadFile.State head, Summary summary)
      throws IOException {
    FileOps.createDurably(ops, objects);
    PackFiles packs = new PackFiles(objects, ops, maxPackBytes);
    try {
      for (int n = 1; n <= head.pack(); n++) {
        Path file = path(objects, n);
        boolean last = n == head.pack();
        if (!Files.exists(file)) {
          if (last && head.length() == 0) {
            break;
          }
          throw new Damage(file, 0, "the file is missing", summary);
        }
        long size = Files.size(file);
        long limit = last ? head.length() : size;
        if (size < limit) {
          try {
            scan(file, size, summary, packs.index, n);
          } catch (Damage cutShort) {
            // The summary now holds the newest intact revision; the truncation is the news.
          }
          throw new Damage(
              file,
              size,
              "the file is "
                  + size
                  + " bytes but HEAD says "
                  + limit
                  + " were committed"
                  + " (truncated)",
              summary);
        }
        scan(file, limit, summary, packs.index, n);
        FileChannel channel =
            FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        packs.channels.put(n, channel);
        if (last && size > limit) {
          LOG.warn(
              "Dropping {} bytes at the end of {}: a commit that was never acknowledged",
              size - limit,
              file);
          ops.truncate(channel, limit);
          ops.force(channel);
        }
        packs.sizes.put(n, limit);
      }
      for (int n : list(objects)) {
        if (n > head.pack()) {
          LOG.warn(
              "Deleting {}: started by a commit that was never acknowledged", path(objects, n));
          Files.delete(path(objects, n));
        }
      }
      packs.current = head.pack();
      packs.length = head.length();
      return packs;
    } catch (IOException | RuntimeException e) {
      packs.close();
      throw e;
    }
  }

  /**
   * Reads frames from the start of {@code file} up to {@code limit}, checking each CRC32C.
   *
   * @param index where to record each frame's place, or null to only summarise
   * @return the offset after the last intact frame
   */
  public static long scan(
      Path file, long limit, Summary summary, @Nullable Map<ObjectId, Location> index, int pack)
      throws IOException {
    long offset = 0;
    try (InputStream in =
        new BufferedInputStream(Files.newInputStream(file, StandardOpenOption.READ), 1 << 16)) {
      byte[] header = new byte[Frame.HEADER];
      while (offset < limit) {
        if (limit - offset < Frame.HEADER + Frame.TRAILER) {
          throw new Damage(file, offset, "a record is cut short", summary);
        }
        readFully(in, header, file, offset, summary);
        int payload;
        try {
          payload = Frame.payloadLength(header);
        } catch (Frame.DamageException e) {
          throw new Damage(file, offset, e.getMessage(), summary);
        }
        int size = Frame.HEADER + payload + Frame.TRAILER;
        if (offset + size > limit) {
          throw new Damage(file, offset, "a record is cut short", summary);
        }
        byte[] bytes = new byte[size];
        System.arraycopy(header, 0, bytes, 0, Frame.HEADER);
        readFully(in, bytes, Frame.HEADER, size - Frame.HEADER, file, offset, summary);
        Frame frame;
        try {
          frame = Frame.decode(bytes, false);
        } catch (Frame.DamageException e) {
          throw new Damage(file, offset, e.getMessage(), summary);
        }
        if (index != null) {
          index.putIfAbsent(frame.id(), new Location(pack, offset, size, frame.type()));
        }
        offset += size;
        if (frame.type() == Frame.REVISION) {
          summary.revisions++;
          summary.lastRevision = frame.id();
          summary.revisionIds.add(frame.id());
          summary.lastPack = pack;
          summary.lastEnd = offset;
        }
      }
    }
    return offset;
  }

  private static void readFully(InputStream in, byte[] into, Path file, long at, Summary summary)
      throws IOException {
    readFully(in, into, 0, into.length, file, at, summary);
  }

  private static void readFully(
      InputStream in, byte[] into, int from, int count, Path file, long at, Summary summary)
      throws IOException {
    if (in.readNBytes(into, from, count) != count) {
      throw new Damage(file, at, "a record is cut short", summary);
    }
  }

  /** Packs opened only to read the objects of {@code index}, for recovery. */
  static PackFiles forReading(Path objects, Map<ObjectId, Location> index) throws IOException {
    PackFiles packs = new PackFiles(objects, FileOps.system(), Long.MAX_VALUE);
    packs.index.putAll(index);
    for (int n : list(objects)) {
      packs.channels.put(n, FileChannel.open(path(objects, n), StandardOpenOption.READ));
    }
    return packs;
  }

  /** Where a committed object lies. */
  Optional<Location> locate(ObjectId id) {
    return Optional.ofNullable(index.get(id));
  }

  public boolean contains(ObjectId id) {
    return index.containsKey(id);
  }

  public int objectCount() {
    return index.size();
  }

  /**
   * Reads a committed object and checks both its CRC32C and its SHA-256.
   *
   * @return empty when no committed object has this id or it is of another type
   * @throws StoreException naming the file and offset when the object is damaged
   */
  public Optional<byte[]> read(ObjectId id, byte type) {
    Location location = index.get(id);
    if (location == null || location.type() != type) {
      return Optional.empty();
    }
    FileChannel channel = channels.get(location.pack());
    Path file = path(directory, location.pack());
    if (channel == null) {
      throw new StoreException("the store is closed", true);
    }
    ByteBuffer buffer = ByteBuffer.allocate(location.size());
    try {
      long at = location.offset();
      while (buffer.hasRemaining()) {
        int n = channel.read(buffer, at);
        if (n < 0) {
          throw new StoreException(
              file + " at byte " + location.offset() + ": object " + id + " is cut short", false);
        }
        at += n;
      }
    } catch (IOException e) {
      throw new StoreException("cannot read " + file + ": " + e, true, e);
    }
    Frame frame;
    try {
      frame = Frame.decode(buffer.array(), true);
    } catch (Frame.DamageException e) {
      throw new StoreException(
          file
              + " at byte "
              + location.offset()
              + ": object "
              + id
              + " is damaged: "
              + e.getMessage(),
          false);
    }
    if (!frame.id().equals(id)) {
      throw new StoreException(
          file + " at byte " + location.offset() + ": holds " + frame.id() + ", not " + id, false);
    }
    return Optional.of(frame.payload());
  }

  /**
   * Appends frames after the committed length (in a new pack when the current one is full) and
   * fsyncs them. Nothing is visible to readers until {@link #publish}. On failure the bytes are
   * taken back (the new pack deleted, or the current one cut to its committed length) before the
   * exception is thrown; when even that fails, {@link #needsReopen} turns true.
   */
  public Staged append(List<Frame> frames) throws IOException {
    long total = 0;
    for (Frame frame : frames) {
      total += frame.size();
    }
    int pack = current;
    long start = length;
    FileChannel channel = channels.get(pack);
    if (channel != null && start > 0 && start + total > maxPackBytes) {
      pack = current + 1;
      start = 0;
      channel = null;
    }
    boolean created = channel == null;
    try {
      if (channel == null) {
        channel =
            ops.open(
                path(directory, pack),
                StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        channels.put(pack, channel);
      }
      Map<ObjectId, Location> locations = new HashMap<>();
      long offset = start;
      int chunk = 4 << 20;
      ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(Math.max(total, 1), chunk));
      long written = start;
      for (Frame frame : frames) {
        if (frame.size() > buffer.remaining()) {
          buffer.flip();
          written = flush(channel, buffer, written);
          if (frame.size() > buffer.capacity()) {
            buffer = ByteBuffer.allocate(frame.size());
          }
        }
        frame.writeTo(buffer);
        locations.put(frame.id(), new Location(pack, offset, frame.size(), frame.type()));
        offset += frame.size();
      }
      buffer.flip();
      flush(channel, buffer, written);
      ops.force(channel);
      if (created) {
        ops.syncDirectory(directory);
      }
      return new Staged(pack, offset, locations, created);
    } catch (IOException | RuntimeException e) {
      try {
        discard(pack, start);
      } catch (IOException | RuntimeException cleanup) {
        e.addSuppressed(cleanup);
        needsReopen = true;
      }
      throw e;
    }
  }

  /** Removes what a failed append wrote: the pack it started, or its bytes after {@code start}. */
  private void discard(int pack, long start) throws IOException {
    if (pack != current) {
      FileChannel channel = channels.remove(pack);
      if (channel != null) {
        channel.close();
      }
      Files.deleteIfExists(path(directory, pack));
    } else {
      FileChannel channel = channels.get(pack);
      if (channel != null) {
        ops.truncate(channel, start);
      }
    }
  }

  /** Whether a failed append left bytes that could not be taken back. */
  public boolean needsReopen() {
    return needsReopen;
  }

  private long flush(FileChannel channel, ByteBuffer buffer, long at) throws IOException {
    int count = buffer.remaining();
    ops.write(channel, buffer, at);
    buffer.clear();
    return at + count;
  }

  /** Makes staged objects readable once HEAD names them. */
  public void publish(Staged staged) {
    index.putAll(staged.locations());
    sizes.put(staged.pack(), staged.length());
    current = staged.pack();
    length = staged.length();
  }

  /** Takes back staged bytes that HEAD never named, so the next append starts clean. */
  public void abort(Staged staged) throws IOException {
    discard(staged.pack(), length);
  }

  public int current() {
    return current;
  }

  public long length() {
    return length;
  }

  /** Bytes committed in all packs. */
  public long bytes() {
    return sizes.values().stream().mapToLong(Long::longValue).sum();
  }

  @Override
  public void close() {
    for (FileChannel channel : channels.values()) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // Read-only use from here on; nothing to lose.
      }
    }
    channels.clear();
  }
}
