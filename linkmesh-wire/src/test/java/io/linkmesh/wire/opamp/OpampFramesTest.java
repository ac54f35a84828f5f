package io.linkmesh.wire.opamp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.linkmesh.wire.opamp.proto.AgentToServer;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class OpampFramesTest {

  @Test
  void aFrameIsTheHeaderZeroThenTheMessage() throws InvalidProtocolBufferException {
    AgentToServer message =
        AgentToServer.newBuilder()
            .setInstanceUid(ByteString.copyFrom(new byte[16]))
            .setSequenceNum(7)
            .build();

    byte[] frame = OpampFrames.frame(message);

    assertThat(frame[0]).isZero();
    ByteBuffer payload = ByteBuffer.wrap(frame);
    assertThat(OpampFrames.readHeader(payload)).isEqualTo(OpampFrames.HEADER);
    assertThat(AgentToServer.parseFrom(payload)).isEqualTo(message);
  }

  @Test
  void anEmptyMessageIsAFrameOfOneByte() {
    assertThat(OpampFrames.frame(AgentToServer.getDefaultInstance())).containsExactly(0);
  }

  @Test
  void aMultiByteHeaderIsReadWhole() {
    ByteBuffer payload = ByteBuffer.wrap(new byte[] {(byte) 0x96, 0x01, 0x42});

    assertThat(OpampFrames.readHeader(payload)).isEqualTo(150);
    assertThat(payload.get()).isEqualTo((byte) 0x42);
  }

  @Test
  void aMissingOrRunawayHeaderIsBroken() {
    assertThat(OpampFrames.readHeader(ByteBuffer.allocate(0))).isEqualTo(OpampFrames.BROKEN_HEADER);
    assertThat(OpampFrames.readHeader(ByteBuffer.wrap(new byte[] {(byte) 0x80})))
        .isEqualTo(OpampFrames.BROKEN_HEADER);
    byte[] runaway = new byte[11];
    java.util.Arrays.fill(runaway, (byte) 0xff);
    assertThat(OpampFrames.readHeader(ByteBuffer.wrap(runaway)))
        .isEqualTo(OpampFrames.BROKEN_HEADER);
  }
}
