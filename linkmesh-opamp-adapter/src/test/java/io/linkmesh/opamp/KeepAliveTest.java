package io.linkmesh.opamp;

import static io.linkmesh.opamp.Wire.hello;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Idle WebSockets: a live peer is kept open by pings, a dead one times out. Real time, ~2 s. */
class KeepAliveTest {

  OpampFixture f;

  @BeforeEach
  void start() {
    f = new OpampFixture(b -> b.idleTimeout(Duration.ofSeconds(1)));
  }

  @AfterEach
  void stop() {
    f.close();
  }

  @Test
  void silentButLiveAgentIsKeptOpenByPings() {
    Wire.Ws ws = Wire.Ws.open(f.ws(), f.mint());
    var uid = Wire.uid();
    ws.exchange(hello(uid, 0, 1).build());
    // Three idle timeouts pass without a message from the agent; its pongs keep it open.
    assertThatThrownBy(
            () -> {
              Integer code = ws.closed.get(3, TimeUnit.SECONDS);
              throw new AssertionError("closed with " + code);
            })
        .isInstanceOf(TimeoutException.class);
    assertThat(ws.exchange(hello(uid, 1, 1).build()).hasErrorResponse()).isFalse();
  }

  @Test
  void peerThatNeverAnswersIsClosedAfterTheIdleTimeout() throws IOException {
    SocketChannel raw =
        OpampLoadProbe.connect(
            new InetSocketAddress("127.0.0.1", f.port), f.mint(), OpampLoadProbe.uid());
    raw.socket().setSoTimeout(10_000);
    DataInputStream in = new DataInputStream(raw.socket().getInputStream());
    boolean closed = false;
    int frames = 0;
    try {
      while (!closed && frames++ < 100) {
        int opcode = in.readUnsignedByte() & 0x0f;
        int len = in.readUnsignedByte() & 0x7f;
        if (len == 126) {
          len = in.readUnsignedShort();
        }
        in.skipNBytes(len);
        closed = opcode == 0x8;
      }
    } catch (EOFException e) {
      closed = true;
    }
    assertThat(closed).isTrue();
    raw.close();
  }
}
