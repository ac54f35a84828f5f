package io.linkmesh.http;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.linkmesh.jetty.testing.RawAnswers;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * What no client can do to the API: hold its threads with slow bodies, take more than its share, or
 * get a reset instead of an answer. Each test runs a real Jetty with a small thread pool.
 */
class RequestLimitsTest {
  private static final int THREADS = 24;

  @Nested
  class SlowBodies {
    @Test
    void slowLoginBodiesDoNotStopOtherRequests() throws Exception {
      try (ApiFixture f = new ApiFixture(THREADS, (d, b) -> b.maxInFlightPerClient(1000))) {
        List<Socket> slow = new ArrayList<>();
        try {
          for (int i = 0; i < THREADS + 8; i++) {
            slow.add(slowBody(f, "/api/v1/session", null));
          }
          for (int i = 0; i < 3; i++) {
            HttpResponse<String> list =
                f.send(
                    HttpRequest.newBuilder(f.base.resolve("/api/v1/collectors"))
                        .timeout(Duration.ofSeconds(5))
                        .header("Authorization", "Bearer " + f.viewer)
                        .build());
            assertThat(list.statusCode()).isEqualTo(200);
          }
        } finally {
          closeAll(slow);
        }
      }
    }

    @Test
    void aBodySlowerThanTheMinimumRateIsAnswered408AndTheConnectionCloses() throws Exception {
      try (ApiFixture f =
          new ApiFixture(THREADS, (d, b) -> b.minDataRate(1024, Duration.ofSeconds(1)))) {
        try (Socket socket = slowBody(f, "/api/v1/session", null)) {
          String answer = RawAnswers.read(socket.getInputStream());
          assertThat(answer).startsWith("HTTP/1.1 408");
          assertThat(answer).contains("\"code\":\"request_timeout\"");
          assertThat(socket.getInputStream().read()).isEqualTo(-1);
        }
      }
    }
  }

  @Nested
  class PerClientBound {
    @Test
    void oneAddressBeyondItsBoundGets429WhileOthersAreServed() throws Exception {
      try (ApiFixture f =
          new ApiFixture(
              THREADS,
              (d, b) -> b.maxInFlightPerClient(4).minDataRate(1024, Duration.ofSeconds(2)))) {
        List<Socket> slow = new ArrayList<>();
        try {
          for (int i = 0; i < 5; i++) {
            slow.add(slowBody(f, "/api/v1/session", null));
          }
          // another client (an API token) is not counted against that address
          f.json(f.get("/api/v1/collectors", f.viewer), 200);
          // one login of the five is refused at once, its body unread; four are held until the
          // minimum data rate cuts them
          assertOneRefusedAndTheRestCutForSlowness(slow);
        } finally {
          closeAll(slow);
        }
      }
    }

    @Test
    void oneTokenBeyondItsBoundGets429AndOtherTokensAreServed() throws Exception {
      try (ApiFixture f =
          new ApiFixture(
              THREADS,
              (d, b) -> b.maxInFlightPerClient(2).minDataRate(1024, Duration.ofSeconds(2)))) {
        List<Socket> slow = new ArrayList<>();
        try {
          // Three slow requests of one token and nothing else of it in flight: whichever the
          // server reads last is refused, whatever order it reads them in. (Probing with quick
          // requests of the same token would race them for the two places.)
          for (int i = 0; i < 3; i++) {
            slow.add(slowBody(f, "/api/v1/enrollment-tokens", f.operator));
          }
          // another token is not counted against this one
          f.json(f.get("/api/v1/collectors", f.viewer), 200);
          assertOneRefusedAndTheRestCutForSlowness(slow);
        } finally {
          closeAll(slow);
        }
      }
    }
  }

  @Nested
  class TooLarge {
    @Test
    void aBodyFarOverTheLimitIsAnswered413NotReset() {
      try (ApiFixture f = new ApiFixture()) {
        // the fixture's limit is 64 KiB
        for (int times : new int[] {5, 40}) {
          String big = ApiFixture.putConfigBody("a: " + "x".repeat(times * 64 * 1024) + "\n");
          f.error(f.send("PUT", "/api/v1/configs/base", f.operator, big), 413, "payload_too_large");
          HttpRequest chunked =
              HttpRequest.newBuilder(f.base.resolve("/api/v1/configs/base"))
                  .timeout(Duration.ofSeconds(10))
                  .header("Authorization", "Bearer " + f.operator)
                  .header("Content-Type", "application/json")
                  .PUT(
                      HttpRequest.BodyPublishers.fromPublisher(
                          HttpRequest.BodyPublishers.ofString(big)))
                  .build();
          f.error(f.send(chunked), 413, "payload_too_large");
        }
        assertThat(f.domain.configs().configs()).isEmpty();
        // and the server still serves
        f.json(f.get("/api/v1/configs", f.operator), 200);
      }
    }
  }

  @Nested
  class ErrorShape {
    @Test
    void uriJettyRefusesStillGetsTheJsonErrorShape() {
      try (ApiFixture f = new ApiFixture()) {
        for (String path : new String[] {"/api/v1/configs/%2e%2e", "/api/v1/configs/%00"}) {
          HttpResponse<String> put =
              f.send(
                  HttpRequest.newBuilder(URI.create(f.base + path))
                      .timeout(Duration.ofSeconds(10))
                      .header("Authorization", "Bearer " + f.operator)
                      .header("Content-Type", "application/json")
                      .PUT(HttpRequest.BodyPublishers.ofString(ApiFixture.putConfigBody("a: 1\n")))
                      .build());
          assertThat(put.statusCode()).as(path).isEqualTo(400);
          assertThat(put.headers().firstValue("Content-Type"))
              .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
          JsonNode error = f.json(put, 400).path("error");
          assertThat(error.path("code").asText()).as(path + " " + put.body()).isNotBlank();
          assertThat(error.path("message").asText()).as(path + " " + put.body()).isNotBlank();
        }
      }
    }
  }

  /** A TLS connection that sends the headers of a 1000-byte JSON body and its first byte. */
  private static Socket slowBody(ApiFixture f, String path, String token) throws IOException {
    SSLSocket socket =
        (SSLSocket)
            ApiFixture.sslContext()
                .getSocketFactory()
                .createSocket(f.base.getHost(), f.base.getPort());
    socket.setSoTimeout(15_000);
    socket.startHandshake();
    OutputStream out = socket.getOutputStream();
    out.write(
        ("POST "
                + path
                + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + (token == null ? "" : "Authorization: Bearer " + token + "\r\n")
                + "Content-Length: 1000\r\n\r\n{")
            .getBytes(US_ASCII));
    out.flush();
    return socket;
  }

  /**
   * Exactly one of {@code slow} was refused at once (429, Retry-After, the API's error shape); the
   * others were held until the minimum data rate cut them (408).
   */
  private static void assertOneRefusedAndTheRestCutForSlowness(List<Socket> slow)
      throws IOException {
    List<String> answers = new ArrayList<>();
    for (Socket socket : slow) {
      answers.add(RawAnswers.read(socket.getInputStream()));
    }
    assertThat(answers).filteredOn(a -> a.startsWith("HTTP/1.1 408")).hasSize(slow.size() - 1);
    String refused =
        answers.stream().filter(a -> a.startsWith("HTTP/1.1 429")).findFirst().orElseThrow();
    assertThat(refused.toLowerCase(Locale.ROOT)).contains("retry-after: 1");
    assertThat(refused).contains("\"code\":\"too_many_requests\"");
  }

  private static void closeAll(List<Socket> sockets) throws IOException {
    for (Socket s : sockets) {
      s.close();
    }
  }
}
