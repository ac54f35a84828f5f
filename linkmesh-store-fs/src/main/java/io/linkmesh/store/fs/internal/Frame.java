package io.linkmesh.store.fs.internal;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.zip.CRC32C;

/**
 * The one record format of every data file: {@code magic "LMF1" | type (1 byte) | payload length (4
 * bytes, big-endian) | SHA-256 of type and payload (32 bytes) | payload | CRC32C of everything
 * before (4 bytes)}. The CRC catches torn and flipped bytes while scanning; the SHA-256 is the
 * object's name and is checked again on every read.
 */
public final class Frame {
  public static final int MAGIC = 0x4C4D4631;
  public static final int HEADER = 4 + 1 + 4 + ObjectId.LENGTH;
  public static final int TRAILER = 4;

  /** Larger payloads are refused on write and reported as damage on read. */
  public static final int MAX_PAYLOAD = 64 << 20;

  public static final byte BLOB = 1;
  public static final byte NODE = 2;
  public static final byte REVISION = 3;
  public static final byte AUDIT = 4;

  private final byte type;
  private final byte[] payload;
  private final ObjectId id;

  private Frame(byte type, byte[] payload, ObjectId id) {
    this.type = type;
    this.payload = payload;
    this.id = id;
  }

  public static Frame of(byte type, byte[] payload) {
    if (payload.length > MAX_PAYLOAD) {
      throw new IllegalArgumentException(
          "a stored record is at most " + MAX_PAYLOAD + " bytes, not " + payload.length);
    }
    return new Frame(type, payload, idOf(type, payload));
  }

  public static ObjectId idOf(byte type, byte[] payload) {
    MessageDigest sha = sha256();
    sha.update(type);
    sha.update(payload);
    return ObjectId.of(sha.digest());
  }

  public byte type() {
    return type;
  }

  public byte[] payload() {
    return payload;
  }

  public ObjectId id() {
    return id;
  }

  public int size() {
    return HEADER + payload.length + TRAILER;
  }

  public void writeTo(ByteBuffer out) {
    int start = out.position();
    out.putInt(MAGIC).put(type).putInt(payload.length);
    id.writeTo(out);
    out.put(payload);
    CRC32C crc = new CRC32C();
    ByteBuffer covered = out.duplicate();
    covered.position(start).limit(out.position());
    crc.update(covered);
    out.putInt((int) crc.getValue());
  }

  /**
   * Reads the declared payload length from a header, checking the magic.
   *
   * @throws DamageException when the bytes are not a frame header
   */
  public static int payloadLength(byte[] header) {
    ByteBuffer in = ByteBuffer.wrap(header);
    if (in.getInt() != MAGIC) {
      throw new DamageException("not the start of a record (bad magic number)");
    }
    byte type = in.get();
    if (type < BLOB || type > AUDIT) {
      throw new DamageException("unknown record type " + type);
    }
    int length = in.getInt();
    if (length < 0 || length > MAX_PAYLOAD) {
      throw new DamageException("impossible record length " + length);
    }
    return length;
  }

  /**
   * Decodes a whole frame (header, payload, trailer) and checks its CRC32C.
   *
   * @param verifyId also recompute the SHA-256 of the payload
   * @throws DamageException when the bytes are not an intact frame
   */
  public static Frame decode(byte[] bytes, boolean verifyId) {
    if (bytes.length < HEADER + TRAILER) {
      throw new DamageException("record cut short");
    }
    byte[] header = new byte[HEADER];
    System.arraycopy(bytes, 0, header, 0, HEADER);
    int length = payloadLength(header);
    if (bytes.length != HEADER + length + TRAILER) {
      throw new DamageException("record cut short");
    }
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, HEADER + length);
    int stored = ByteBuffer.wrap(bytes, HEADER + length, TRAILER).getInt();
    if (stored != (int) crc.getValue()) {
      throw new DamageException("checksum mismatch (CRC32C)");
    }
    byte type = bytes[4];
    byte[] idBytes = new byte[ObjectId.LENGTH];
    System.arraycopy(bytes, 9, idBytes, 0, ObjectId.LENGTH);
    byte[] payload = new byte[length];
    System.arraycopy(bytes, HEADER, payload, 0, length);
    ObjectId id = ObjectId.of(idBytes);
    if (verifyId && !id.equals(idOf(type, payload))) {
      throw new DamageException("content does not match its SHA-256 name " + id);
    }
    return new Frame(type, payload, id);
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  /** Bytes that are not an intact frame; the caller adds the file and offset. */
  public static final class DamageException extends RuntimeException {
    public DamageException(String message) {
      super(message);
    }
  }
}
