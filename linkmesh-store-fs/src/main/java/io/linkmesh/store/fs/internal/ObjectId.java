package io.linkmesh.store.fs.internal;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** The SHA-256 of a stored object's type and content: its name and its checksum. */
public final class ObjectId {
  public static final int LENGTH = 32;
  private static final HexFormat HEX = HexFormat.of();

  private final byte[] bytes;
  private final int hash;

  private ObjectId(byte[] bytes) {
    this.bytes = bytes;
    this.hash = Arrays.hashCode(bytes);
  }

  public static ObjectId of(byte[] bytes) {
    if (bytes.length != LENGTH) {
      throw new IllegalArgumentException("an object id has 32 bytes, not " + bytes.length);
    }
    return new ObjectId(bytes.clone());
  }

  /** Parses 64 lower-case hex digits; empty for anything else. */
  public static Optional<ObjectId> parse(String hex) {
    if (hex.length() != 2 * LENGTH) {
      return Optional.empty();
    }
    for (int i = 0; i < hex.length(); i++) {
      char c = hex.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return Optional.empty();
      }
    }
    return Optional.of(new ObjectId(HEX.parseHex(hex)));
  }

  public byte[] bytes() {
    return bytes.clone();
  }

  /** Nibble {@code index} (0-63), most significant first. */
  int nibble(int index) {
    int b = bytes[index >> 1] & 0xFF;
    return (index & 1) == 0 ? b >>> 4 : b & 0x0F;
  }

  void writeTo(java.nio.ByteBuffer buffer) {
    buffer.put(bytes);
  }

  public String hex() {
    return HEX.formatHex(bytes);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof ObjectId other && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public String toString() {
    return hex();
  }
}
