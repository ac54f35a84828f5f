package io.linkmesh.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The oversized-frame probe against the packaged server (loopback, plain HTTP so the probe can
 * write raw frames): a WebSocket frame whose header announces more than the message cap is refused
 * at once, before its payload is buffered, and a server on a small heap survives several sockets
 * sending large partial frames and keeps serving.
 */
class OversizedFrameProbeIT {
  static final int MIB = 1024 * 1024;

  @TempDir Path dataDir;
  PackagedServer server;
  String token;

  @BeforeEach
  void start() throws Exception {
    server = PackagedServer.start(List.of("-Xmx128m"), dataDir, "--plaintext");
    HttpResponse<String> minted =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(server.uri("/api/v1/enrollment-tokens"))
                    .header("Authorization", "Bearer " + server.adminToken())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"maxUses\": 0}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(minted.statusCode()).as(minted.body()).isEqualTo(201);
    Matcher m = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"").matcher(minted.body());
    assertThat(m.find()).isTrue();
    token = m.group(1);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** A raw WebSocket on /v1/opamp, upgraded with the token. */
  Socket upgraded() throws IOException {
    Socket s = new Socket("127.0.0.1", server.port());
    s.setSoTimeout(10_000);
    OutputStream out = s.getOutputStream();
    out.write(
        ("GET /v1/opamp HTTP/1.1\r\nHost: 127.0.0.1:"
                + server.port()
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                + "Authorization: Bearer "
                + token
                + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.flush();
    String head = readHead(s.getInputStream());
    assertThat(head).startsWith("HTTP/1.1 101");
    return s;
  }

  static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    while (b.size() < 8192) {
      int c = in.read();
      if (c < 0) {
        break;
      }
      b.write(c);
      String sofar = b.toString(StandardCharsets.US_ASCII);
      if (sofar.endsWith("\r\n\r\n")) {
        return sofar;
      }
    }
    return b.toString(StandardCharsets.US_ASCII);
  }

  /** The header of a masked binary frame (FIN) announcing {@code length} payload bytes. */
  static byte[] header(long length) {
    return ByteBuffer.allocate(14)
        .put((byte) 0x82)
        .put((byte) (0x80 | 127))
        .putLong(length)
        .putInt(0x11223344)
        .array();
  }

  /** Reads the server's close frame and answers its status code; -1 if the socket just ended. */
  static int closeStatus(InputStream in) throws IOException {
    int b0 = in.read();
    if (b0 < 0) {
      return -1;
    }
    assertThat(b0 & 0x0f).as("a close frame").isEqualTo(0x8);
    int len = in.read() & 0x7f;
    assertThat(len).isGreaterThanOrEqualTo(2);
    return (in.read() << 8) | in.read();
  }

  @Test
  void aFrameAnnouncingSeventyMebibytesIsRefusedAtOnceAndTheRefusalLogged() throws Exception {
    try (Socket s = upgraded()) {
      s.getOutputStream().write(header(70L * MIB));
      // The first KiB of it and no more: a server that buffers the frame waits for 70 MiB.
      s.getOutputStream().write(new byte[1024]);
      s.getOutputStream().flush();
      s.setSoTimeout(5_000);
      int status;
      try {
        status = closeStatus(s.getInputStream());
      } catch (SocketTimeoutException e) {
        status = 0;
      }
      assertThat(status).as("closed with 1009 (message too big) at once").isEqualTo(1009);
    }
    assertThat(server.awaitOutput("OpAMP message over", Duration.ofSeconds(10)))
        .contains("OpAMP message over")
        .doesNotContain(token);
  }

  @Test
  void aSmallHeapSurvivesManyLargePartialFramesAndKeepsServing() throws Exception {
    List<Socket> sockets = new ArrayList<>();
    try {
      // Eight sockets each start a 40 MiB frame and send 30 MiB of it: 240 MiB would be pinned in
      // a 128 MiB heap if the server buffered them.
      byte[] chunk = new byte[MIB];
      for (int i = 0; i < 8; i++) {
        Socket s = upgraded();
        sockets.add(s);
        OutputStream out = s.getOutputStream();
        try {
          out.write(header(40L * MIB));
          for (int k = 0; k < 30; k++) {
            out.write(chunk);
          }
          out.flush();
        } catch (IOException refused) {
          // The server closed the socket: what it must do.
        }
      }
      // And partial frames under the cap stay within it: three sockets with 3 MiB each.
      for (int i = 0; i < 3; i++) {
        Socket s = upgraded();
        sockets.add(s);
        s.getOutputStream().write(header(3L * MIB + 512 * 1024));
        s.getOutputStream().write(new byte[3 * MIB]);
        s.getOutputStream().flush();
      }
      HttpClient client = HttpClient.newHttpClient();
      HttpResponse<String> health =
          client.send(
              HttpRequest.newBuilder(server.uri("/healthz")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(200);
      HttpResponse<String> collectors =
          client.send(
              HttpRequest.newBuilder(URI.create(server.uri("/api/v1/collectors").toString()))
                  .header("Authorization", "Bearer " + server.adminToken())
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(collectors.statusCode()).isEqualTo(200);
      try (Socket fresh = upgraded()) {
        assertThat(fresh.isConnected()).isTrue();
      }
      assertThat(server.output()).doesNotContain("OutOfMemoryError");
    } finally {
      for (Socket s : sockets) {
        s.close();
      }
    }
  }
}
