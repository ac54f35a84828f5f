package io.linkmesh.store.fs.internal;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32C;
import org.jspecify.annotations.Nullable;

/**
 * The {@code HEAD} file: which revision is the head, and how many bytes of which pack are
 * committed. It is only ever replaced whole (written to {@code HEAD.tmp}, fsynced, renamed over
 * {@code HEAD}, directory fsynced), so it is always the old or the new one. Its last line is a
 * CRC32C of the rest.
 */
public final class HeadFile {
  public static final String FILE = "HEAD";
  public static final String TEMP = "HEAD.tmp";
  private static final String FORMAT = "linkmesh-store-fs/v1";

  private HeadFile() {}

  /**
   * What HEAD says.
   *
   * @param revision the head revision, null for an empty store
   * @param revisions how many revisions the head's history has
   * @param pack the pack that takes the next writes
   * @param length the committed length of that pack; anything after it was never acknowledged
   */
  public record State(@Nullable ObjectId revision, long revisions, int pack, long length) {
    public static final State EMPTY = new State(null, 0, 1, 0);
  }

  public static Optional<State> read(Path directory) throws IOException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(directory.resolve(FILE));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    if (bytes.length > 4096) {
      throw new Frame.DamageException("is " + bytes.length + " bytes, far more than a HEAD file");
    }
    String text = new String(bytes, UTF_8);
    int last = text.lastIndexOf("crc32c ");
    if (last < 0 || !text.endsWith("\n")) {
      throw new Frame.DamageException("has no checksum line (truncated or edited)");
    }
    String body = text.substring(0, last);
    String crcHex = text.substring(last + "crc32c ".length(), text.length() - 1);
    if (!crcHex.equals(crc(body))) {
      throw new Frame.DamageException("checksum mismatch (CRC32C): the file was damaged or edited");
    }
    List<String> lines = body.lines().toList();
    if (lines.isEmpty() || !lines.get(0).equals(FORMAT)) {
      throw new Frame.DamageException("is not a " + FORMAT + " HEAD file");
    }
    Map<String, String> fields = new HashMap<>();
    for (String line : lines.subList(1, lines.size())) {
      int space = line.indexOf(' ');
      if (space <= 0) {
        throw new Frame.DamageException("has a malformed line '" + line + "'");
      }
      fields.put(line.substring(0, space), line.substring(space + 1));
    }
    try {
      String revision = required(fields, "revision");
      ObjectId id =
          revision.equals("none")
              ? null
              : ObjectId.parse(revision)
                  .orElseThrow(() -> new Frame.DamageException("names a malformed revision"));
      State state =
          new State(
              id,
              Long.parseLong(required(fields, "revisions")),
              Integer.parseInt(required(fields, "pack")),
              Long.parseLong(required(fields, "length")));
      if (state.revisions() < 0 || state.pack() < 1 || state.length() < 0) {
        throw new Frame.DamageException("has an impossible number: " + state);
      }
      return Optional.of(state);
    } catch (NumberFormatException e) {
      throw new Frame.DamageException("has a malformed number: " + e.getMessage());
    }
  }

  private static String required(Map<String, String> fields, String name) {
    String value = fields.get(name);
    if (value == null) {
      throw new Frame.DamageException("has no '" + name + "' line");
    }
    return value;
  }

  /** Writes and fsyncs {@code HEAD.tmp}; nothing visible changes yet. */
  public static void prepare(FileOps ops, Path directory, State state) throws IOException {
    String body =
        FORMAT
            + "\nrevision "
            + (state.revision() == null ? "none" : state.revision().hex())
            + "\nrevisions "
            + state.revisions()
            + "\npack "
            + state.pack()
            + "\nlength "
            + state.length()
            + "\n";
    byte[] bytes = (body + "crc32c " + crc(body) + "\n").getBytes(UTF_8);
    try (FileChannel channel =
        ops.open(
            directory.resolve(TEMP),
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      ops.write(channel, ByteBuffer.wrap(bytes), 0);
      ops.force(channel);
    }
  }

  /** Renames {@code HEAD.tmp} over {@code HEAD} and makes the rename durable. */
  public static void install(FileOps ops, Path directory) throws IOException {
    ops.move(directory.resolve(TEMP), directory.resolve(FILE));
    ops.syncDirectory(directory);
  }

  public static void write(FileOps ops, Path directory, State state) throws IOException {
    prepare(ops, directory, state);
    install(ops, directory);
  }

  private static String crc(String body) {
    CRC32C crc = new CRC32C();
    crc.update(body.getBytes(UTF_8));
    return String.format("%08x", crc.getValue());
  }
}
