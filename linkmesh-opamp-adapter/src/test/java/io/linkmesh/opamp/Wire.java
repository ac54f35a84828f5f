package io.linkmesh.opamp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.linkmesh.wire.opamp.proto.AgentDescription;
import io.linkmesh.wire.opamp.proto.AgentToServer;
import io.linkmesh.wire.opamp.proto.AnyValue;
import io.linkmesh.wire.opamp.proto.KeyValue;
import io.linkmesh.wire.opamp.proto.ServerToAgent;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Byte-level OpAMP peers on the JDK HttpClient and WebSocket. */
final class Wire {
  static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  static final long WAIT_SECONDS = 10;

  private Wire() {}

  static ByteString uid() {
    UUID u = UUID.randomUUID();
    return ByteString.copyFrom(
        ByteBuffer.allocate(16)
            .order(ByteOrder.BIG_ENDIAN)
            .putLong(u.getMostSignificantBits())
            .putLong(u.getLeastSignificantBits())
            .array());
  }

  static String uuid(ByteString uid) {
    return io.linkmesh.wire.opamp.InstanceUids.text(uid);
  }

  static AgentDescription description(String host) {
    return AgentDescription.newBuilder()
        .addIdentifyingAttributes(kv("service.name", "otelcol-contrib"))
        .addIdentifyingAttributes(kv("service.version", "0.139.0"))
        .addNonIdentifyingAttributes(kv("host.name", host))
        .addNonIdentifyingAttributes(kv("os.type", "linux"))
        .build();
  }

  static KeyValue kv(String k, String v) {
    return KeyValue.newBuilder()
        .setKey(k)
        .setValue(AnyValue.newBuilder().setStringValue(v))
        .build();
  }

  /** A first message with the full state of an agent with these capabilities. */
  static AgentToServer.Builder hello(ByteString uid, long seq, long capabilities) {
    return AgentToServer.newBuilder()
        .setInstanceUid(uid)
        .setSequenceNum(seq)
        .setCapabilities(capabilities)
        .setAgentDescription(description("web-01"));
  }

  static byte[] framed(AgentToServer m) {
    byte[] body = m.toByteArray();
    byte[] out = new byte[body.length + 1];
    System.arraycopy(body, 0, out, 1, body.length);
    return out;
  }

  static String hex(ByteString b) {
    return java.util.HexFormat.of().formatHex(b.toByteArray());
  }

  static ServerToAgent parse(byte[] framed) {
    assertThat(framed[0]).as("OpAMP WebSocket header").isZero();
    try {
      return ServerToAgent.parseFrom(ByteBuffer.wrap(framed, 1, framed.length - 1));
    } catch (InvalidProtocolBufferException e) {
      throw new AssertionError(e);
    }
  }

  static HttpResponse<byte[]> post(
      URI uri, @org.jspecify.annotations.Nullable String bearer, byte[] body, String... headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(WAIT_SECONDS))
            .header("Content-Type", "application/x-protobuf")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (bearer != null) {
      b.header("Authorization", "Bearer " + bearer);
    }
    for (int i = 0; i < headers.length; i += 2) {
      b.setHeader(headers[i], headers[i + 1]);
    }
    try {
      return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static ServerToAgent parse(HttpResponse<byte[]> response) {
    assertThat(response.statusCode()).as("status").isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/x-protobuf");
    try {
      return ServerToAgent.parseFrom(response.body());
    } catch (InvalidProtocolBufferException e) {
      throw new AssertionError(e);
    }
  }

  /** A WebSocket agent speaking raw frames. */
  static final class Ws implements WebSocket.Listener {
    final BlockingQueue<byte[]> frames = new LinkedBlockingQueue<>();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    WebSocket socket;

    static Ws open(URI uri, String bearer) {
      Ws ws = new Ws();
      ws.socket =
          CLIENT
              .newWebSocketBuilder()
              .header("Authorization", "Bearer " + bearer)
              .buildAsync(uri, ws)
              .orTimeout(WAIT_SECONDS, TimeUnit.SECONDS)
              .join();
      return ws;
    }

    void send(AgentToServer m) {
      sendRaw(framed(m));
    }

    void sendRaw(byte[] bytes) {
      socket
          .sendBinary(ByteBuffer.wrap(bytes), true)
          .orTimeout(WAIT_SECONDS, TimeUnit.SECONDS)
          .join();
    }

    byte[] nextRaw() {
      try {
        byte[] f = frames.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(f).as("a message from the server within " + WAIT_SECONDS + " s").isNotNull();
        return f;
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }

    ServerToAgent next() {
      byte[] f = nextRaw();
      assertThat(f[0]).as("OpAMP WebSocket header").isZero();
      try {
        return ServerToAgent.parseFrom(ByteBuffer.wrap(f, 1, f.length - 1));
      } catch (InvalidProtocolBufferException e) {
        throw new AssertionError(e);
      }
    }

    ServerToAgent exchange(AgentToServer m) {
      send(m);
      return next();
    }

    int closeCode() {
      return closed.orTimeout(WAIT_SECONDS, TimeUnit.SECONDS).join();
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
      byte[] chunk = new byte[data.remaining()];
      data.get(chunk);
      partial.write(chunk, 0, chunk.length);
      if (last) {
        frames.add(partial.toByteArray());
        partial.reset();
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      closed.complete(statusCode);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      closed.complete(-1);
    }
  }
}
