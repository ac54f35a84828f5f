package io.linkmesh.wire.opamp;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.util.UUID;
import java.util.random.RandomGenerator;

/**
 * OpAMP {@code instance_uid}s: 16 bytes, a UUID (v7 recommended, RFC 9562), which both ends show as
 * canonical UUID text.
 */
public final class InstanceUids {

  /** The length of every valid instance uid. */
  public static final int LENGTH = 16;

  private InstanceUids() {}

  /** Canonical UUID text ({@code 8-4-4-4-12} lowercase hex) of a 16-byte uid. */
  public static String text(ByteString uid) {
    if (uid.size() != LENGTH) {
      throw new IllegalArgumentException("an instance uid has 16 bytes, not " + uid.size());
    }
    ByteBuffer b = uid.asReadOnlyByteBuffer();
    return new UUID(b.getLong(), b.getLong()).toString();
  }

  /** A UUIDv7: 48-bit Unix milliseconds, version 7, variant 10, the rest from {@code random}. */
  public static ByteString newV7(long epochMillis, RandomGenerator random) {
    long msb = (epochMillis << 16) | 0x7000L | (random.nextLong() & 0x0fffL);
    long lsb = (random.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
    return ByteString.copyFrom(ByteBuffer.allocate(LENGTH).putLong(msb).putLong(lsb).array());
  }
}
