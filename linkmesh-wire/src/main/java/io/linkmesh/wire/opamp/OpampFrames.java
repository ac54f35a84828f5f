package io.linkmesh.wire.opamp;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.MessageLite;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

/**
 * The OpAMP WebSocket framing: every binary message starts with a varint header, which is 0 for the
 * only version defined; the protobuf message follows. Plain HTTP bodies carry no header.
 */
public final class OpampFrames {

  /** The header value of the one framing version OpAMP defines. */
  public static final long HEADER = 0;

  /** A header that could not be read: the payload was empty or the varint ran past 64 bits. */
  public static final long BROKEN_HEADER = -1;

  private OpampFrames() {}

  /** Serializes {@code message} with the header 0 in front, in one array sized exactly. */
  public static byte[] frame(MessageLite message) {
    int size = message.getSerializedSize();
    byte[] out = new byte[size + 1];
    CodedOutputStream cos = CodedOutputStream.newInstance(out, 1, size);
    try {
      message.writeTo(cos);
      cos.checkNoSpaceLeft();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /**
   * Reads the varint header, leaving {@code payload} positioned at the message; {@link
   * #BROKEN_HEADER} when there is none.
   */
  public static long readHeader(ByteBuffer payload) {
    long value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (!payload.hasRemaining()) {
        return BROKEN_HEADER;
      }
      byte x = payload.get();
      value |= (long) (x & 0x7f) << shift;
      if ((x & 0x80) == 0) {
        return value;
      }
    }
    return BROKEN_HEADER;
  }
}
