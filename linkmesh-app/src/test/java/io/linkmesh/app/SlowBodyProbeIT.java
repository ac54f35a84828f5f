package io.linkmesh.app;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.linkmesh.wire.alloy.proto.GetConfigRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The slow-body probe of issue #14 against the packaged server: 300 TLS connections send the bodies
 * of {@code POST /api/v1/session} a byte at a time (more than the server has threads), with slow
 * bodies to {@code /v1/metrics} and Alloy {@code GetConfig} beside them. Meanwhile health, the API
 * and collectors are answered promptly, and every slow connection is cut (408, 429 or closed)
 * within the minimum-data-rate bound. Loopback only, bounded in count and time.
 */
class SlowBodyProbeIT {
  private static final int SLOW_LOGINS = 300;
  private static final int SLOW_COLLECTOR_CALLS = 20;
  private static final Duration PROMPT = Duration.ofSeconds(5);

  /**
   * The setup before the attack: a cold server's first TLS handshake and first commit on a loaded
   * machine are not what this probe measures, so they get a bound of their own.
   */
  private static final Duration SETUP = Duration.ofSeconds(30);

  /**
   * The grace (10 s) and check interval (1 s) of the minimum data rate, with room for a loaded
   * machine; the connector's idle timeout (30 s) would be the bound without the rate.
   */
  private static final Duration CUT_WITHIN = Duration.ofSeconds(25);

  /** When each slow connection sent its headers: its cut is measured from there. */
  private static final Map<Socket, Long> OPENED = new java.util.concurrent.ConcurrentHashMap<>();

  @TempDir Path dataDir;

  @Test
  void slowBodiesHoldNoThreadAndAreCutWithinTheBound() throws Exception {
    try (PackagedServer server = PackagedServer.start(dataDir)) {
      HttpClient client = server.client();
      String admin = server.adminToken();
      String slowToken = enrollmentToken(server, client, admin);
      String otherToken = enrollmentToken(server, client, admin);
      SSLContext tls = server.sslContext();

      List<Socket> slow = new ArrayList<>();
      Map<Socket, Long> openedAt = OPENED;
      try {
        for (int i = 0; i < SLOW_LOGINS; i++) {
          // spread over loopback addresses, so the per-address bound admits them all
          slow.add(
              slowBody(
                  tls, server.port(), source(i / 10), "/api/v1/session", "application/json", null));
        }
        for (int i = 0; i < SLOW_COLLECTOR_CALLS; i++) {
          slow.add(
              slowBody(
                  tls,
                  server.port(),
                  null,
                  "/collector.v1.CollectorService/GetConfig",
                  "application/proto",
                  slowToken));
          slow.add(
              slowBody(
                  tls, server.port(), null, "/v1/metrics", "application/x-protobuf", slowToken));
        }

        assertThat(send(client, HttpRequest.newBuilder(server.uri("/healthz"))).statusCode())
            .isEqualTo(200);
        assertThat(
                send(
                        client,
                        HttpRequest.newBuilder(server.uri("/api/v1/collectors"))
                            .header("Authorization", "Bearer " + admin))
                    .statusCode())
            .isEqualTo(200);
        HttpResponse<String> getConfig =
            send(
                client,
                HttpRequest.newBuilder(server.uri("/collector.v1.CollectorService/GetConfig"))
                    .header("Authorization", "Bearer " + otherToken)
                    .header("Content-Type", "application/proto")
                    .POST(
                        HttpRequest.BodyPublishers.ofByteArray(
                            GetConfigRequest.newBuilder()
                                .setId("probe-alloy")
                                .build()
                                .toByteArray())));
        assertThat(getConfig.statusCode()).as(getConfig.body()).isEqualTo(200);
        HttpResponse<String> metrics =
            send(
                client,
                HttpRequest.newBuilder(server.uri("/v1/metrics"))
                    .header("Authorization", "Bearer " + otherToken)
                    .header("Content-Type", "application/x-protobuf")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[0])));
        assertThat(metrics.statusCode()).as(metrics.body()).isEqualTo(200);

        Map<String, Integer> endings = new TreeMap<>();
        for (Socket socket : slow) {
          long deadline = openedAt.get(socket) + CUT_WITHIN.toNanos();
          endings.merge(ending(socket, deadline), 1, Integer::sum);
        }
        assertThat(endings).as("how the slow connections ended").doesNotContainKey("still open");
        assertThat(endings.getOrDefault("408", 0)).isGreaterThanOrEqualTo(SLOW_LOGINS);
      } finally {
        for (Socket s : slow) {
          s.close();
        }
      }
      assertThat(send(client, HttpRequest.newBuilder(server.uri("/healthz"))).statusCode())
          .isEqualTo(200);
      assertThat(server.stop()).as("output: %s", server.output()).isZero();
    }
  }

  private static String enrollmentToken(PackagedServer server, HttpClient client, String admin)
      throws Exception {
    HttpResponse<String> minted =
        client.send(
            HttpRequest.newBuilder(server.uri("/api/v1/enrollment-tokens"))
                .timeout(SETUP)
                .header("Authorization", "Bearer " + admin)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"maxUses\": 0}"))
                .build(),
            HttpResponse.BodyHandlers.ofString(UTF_8));
    assertThat(minted.statusCode()).as(minted.body()).isEqualTo(201);
    return new ObjectMapper().readTree(minted.body()).path("token").asText();
  }

  private static HttpResponse<String> send(HttpClient client, HttpRequest.Builder request)
      throws Exception {
    return client.send(request.timeout(PROMPT).build(), HttpResponse.BodyHandlers.ofString(UTF_8));
  }

  /** 127.0.0.{2+n}: Linux answers on all of 127/8; elsewhere everything comes from 127.0.0.1. */
  private static InetAddress source(int n) throws IOException {
    InetAddress address = InetAddress.getByName("127.0.0." + (2 + n));
    try (Socket probe = new Socket()) {
      probe.bind(new InetSocketAddress(address, 0));
      return address;
    } catch (IOException e) {
      return InetAddress.getLoopbackAddress();
    }
  }

  /** A TLS connection that sends the headers of a 1000-byte body and one byte of it. */
  private static Socket slowBody(
      SSLContext tls, int port, InetAddress from, String path, String contentType, String token)
      throws IOException {
    Socket plain = new Socket();
    if (from != null) {
      plain.bind(new InetSocketAddress(from, 0));
    }
    plain.connect(new InetSocketAddress("127.0.0.1", port), 5000);
    SSLSocket socket =
        (SSLSocket) tls.getSocketFactory().createSocket(plain, "localhost", port, true);
    socket.setSoTimeout(5000);
    socket.startHandshake();
    OPENED.put(socket, System.nanoTime());
    OutputStream out = socket.getOutputStream();
    out.write(
        ("POST "
                + path
                + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: "
                + contentType
                + "\r\n"
                + (token == null ? "" : "Authorization: Bearer " + token + "\r\n")
                + "Content-Length: 1000\r\n\r\n{")
            .getBytes(US_ASCII));
    out.flush();
    return socket;
  }

  /** The status the server ended the slow connection with, "closed", or "still open". */
  private static String ending(Socket socket, long deadline) throws IOException {
    long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
    socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
    try {
      InputStream in = socket.getInputStream();
      byte[] line = new byte[12];
      int n = in.readNBytes(line, 0, line.length);
      String head = new String(line, 0, n, US_ASCII);
      return head.startsWith("HTTP/1.1 ") ? head.substring(9).strip() : "closed";
    } catch (SocketTimeoutException e) {
      return "still open";
    } catch (IOException e) {
      return "closed";
    }
  }
}
