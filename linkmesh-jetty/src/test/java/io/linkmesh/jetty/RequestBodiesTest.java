package io.linkmesh.jetty;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.linkmesh.jetty.testing.RawAnswers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RequestBodiesTest {
  private static final int MAX = 4096;

  private Server server;
  private URI uri;
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  @BeforeEach
  void start() throws Exception {
    // Few threads, so a reader that held one per slow body would show at once.
    QueuedThreadPool threads = new QueuedThreadPool(12, 4);
    server = new Server(threads);
    ServerConnector connector = new ServerConnector(server, 1, 1);
    connector.setPort(0);
    connector.setHost("127.0.0.1");
    server.addConnector(connector);
    RequestBodies bodies =
        RequestBodies.builder().maxBytes(MAX).minDataRate(1024, Duration.ofSeconds(1)).build();
    server.setHandler(new Echo(bodies));
    server.start();
    uri = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/");
  }

  @AfterEach
  void stop() throws Exception {
    server.stop();
  }

  /** Answers what the reader made of the body: {@code read <n>}, {@code TooLarge}... */
  private static final class Echo extends Handler.Abstract {
    private final RequestBodies bodies;

    Echo(RequestBodies bodies) {
      this.bodies = bodies;
      addBean(bodies);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      bodies.read(
          request,
          body -> {
            String answer =
                body instanceof Body.Read read
                    ? "read " + read.bytes().length + " " + new String(read.bytes(), UTF_8)
                    : body.getClass().getSimpleName();
            response.setStatus(200);
            response.write(true, ByteBuffer.wrap(answer.getBytes(UTF_8)), callback);
          });
      return true;
    }
  }

  private String post(byte[] body, String... headers) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(20))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString()).body();
  }

  private static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    }
    return out.toByteArray();
  }

  @Nested
  class Reading {
    @Test
    void readsAnIdentityBody() throws Exception {
      assertThat(post("hello".getBytes(UTF_8))).isEqualTo("read 5 hello");
    }

    @Test
    void inflatesAGzipBody() throws Exception {
      assertThat(post(gzip("hello".getBytes(UTF_8)), "Content-Encoding", "gzip"))
          .isEqualTo("read 5 hello");
    }

    @Test
    void refusesABodyThatInflatesPastTheLimit() throws Exception {
      byte[] bomb = gzip(new byte[MAX * 100]);
      assertThat(bomb.length).isLessThan(MAX);
      assertThat(post(bomb, "Content-Encoding", "gzip")).isEqualTo("TooLarge");
    }

    @Test
    void refusesBrokenGzip() throws Exception {
      assertThat(post("not gzip at all".getBytes(UTF_8), "Content-Encoding", "gzip"))
          .isEqualTo("Malformed");
    }

    @Test
    void refusesAnUnknownEncoding() throws Exception {
      assertThat(post("x".getBytes(UTF_8), "Content-Encoding", "br"))
          .isEqualTo("UnsupportedEncoding");
    }

    @Test
    void refusesADeclaredLengthOverTheLimitWithoutWaitingForTheBody() throws Exception {
      try (Socket socket = new Socket("127.0.0.1", uri.getPort())) {
        socket.setSoTimeout(10_000);
        OutputStream out = socket.getOutputStream();
        out.write(
            ("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: " + (MAX + 1) + "\r\n\r\n")
                .getBytes(US_ASCII));
        out.flush();
        assertThat(RawAnswers.read(socket.getInputStream())).endsWith("TooLarge");
      }
    }

    @Test
    void refusesAChunkedBodyAsSoonAsItPassesTheLimit() throws Exception {
      try (Socket socket = new Socket("127.0.0.1", uri.getPort())) {
        socket.setSoTimeout(10_000);
        OutputStream out = socket.getOutputStream();
        out.write(
            "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n".getBytes(US_ASCII));
        String chunk = Integer.toHexString(MAX + 1) + "\r\n" + "a".repeat(MAX + 1) + "\r\n";
        out.write(chunk.getBytes(US_ASCII));
        out.flush();
        // no last chunk: the answer must come without the end of the body
        assertThat(RawAnswers.read(socket.getInputStream())).endsWith("TooLarge");
      }
    }
  }

  @Nested
  class SlowBodies {
    @Test
    void aStalledBodyIsCutAtTheMinimumDataRate() throws Exception {
      try (Socket socket = openSlowBody()) {
        assertThat(RawAnswers.read(socket.getInputStream())).endsWith("TooSlow");
      }
    }

    @Test
    void manySlowBodiesDoNotStopOtherRequests() throws Exception {
      List<Socket> slow = new ArrayList<>();
      try {
        for (int i = 0; i < 40; i++) {
          slow.add(openSlowBody());
        }
        for (int i = 0; i < 5; i++) {
          assertThat(post("fast".getBytes(UTF_8))).isEqualTo("read 4 fast");
        }
      } finally {
        for (Socket s : slow) {
          s.close();
        }
      }
    }
  }

  /** A connection that declares 1000 bytes and sends one. */
  private Socket openSlowBody() throws IOException {
    Socket socket = new Socket("127.0.0.1", uri.getPort());
    socket.setSoTimeout(15_000);
    OutputStream out = socket.getOutputStream();
    out.write("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\nx".getBytes(US_ASCII));
    out.flush();
    return socket;
  }
}
