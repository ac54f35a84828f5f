package io.linkmesh.otlp;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import io.linkmesh.domain.port.in.AuthenticateCollectorCommand;
import io.linkmesh.domain.port.in.CollectorAuthentication;
import io.linkmesh.jetty.testing.RawAnswers;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Slow request bodies against a real Jetty with a small thread pool: they hold no thread, do not
 * fill the server-wide gate, and one collector cannot have more than its share in flight.
 */
class OtlpSlowBodiesTest {
  private static final int THREADS = 24;
  private static final byte[] EXPORT =
      ExportMetricsServiceRequest.newBuilder()
          .addResourceMetrics(ResourceMetrics.getDefaultInstance())
          .build()
          .toByteArray();

  final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  final List<Socket> slow = new ArrayList<>();
  ReceiverFixture f;

  @AfterEach
  void stop() throws Exception {
    for (Socket s : slow) {
      s.close();
    }
    f.stop();
  }

  @Test
  void eightSlowBodiesFromOneCollectorDoNotTurnTheFleetAway() throws Exception {
    CountDownLatch arrived = new CountDownLatch(8);
    f =
        new ReceiverFixture(
            THREADS,
            b -> b,
            real ->
                command -> {
                  if (!command.secret().startsWith("slow-")) {
                    return real.authenticate(command);
                  }
                  // the slow ones are collector A, told apart so their arrival can be awaited
                  CollectorAuthentication auth =
                      real.authenticate(new AuthenticateCollectorCommand(f.credentialA));
                  arrived.countDown();
                  return auth;
                });
    for (int i = 0; i < 8; i++) {
      slow.add(slowExport("slow-" + i));
    }
    // all eight are past authentication, so they are being served, before the other collector
    assertThat(arrived.await(10, TimeUnit.SECONDS)).isTrue();

    HttpResponse<String> other = export(f.credentialB);

    assertThat(other.statusCode()).as(other.body()).isEqualTo(200);
  }

  @Test
  void slowBodiesHoldNoThread() throws Exception {
    f =
        new ReceiverFixture(
            THREADS, b -> b.maxInFlightPerClient(1000).maxConcurrentRequests(1000), null);
    for (int i = 0; i < THREADS + 8; i++) {
      slow.add(slowExport(f.credentialA));
    }

    assertThat(export(f.credentialB).statusCode()).isEqualTo(200);
  }

  @Test
  void oneCollectorBeyondItsBoundGets429WithRetryAfter() throws Exception {
    f =
        new ReceiverFixture(
            THREADS, b -> b.maxInFlightPerClient(2).minDataRate(1024, Duration.ofSeconds(2)), null);
    // Three slow exports of one collector and nothing else of it in flight: whichever the server
    // reads last is refused, whatever order it reads them in. (Probing with quick exports of the
    // same collector would race them for the two places.)
    for (int i = 0; i < 3; i++) {
      slow.add(slowExport(f.credentialA));
    }
    assertThat(export(f.credentialB).statusCode()).isEqualTo(200);

    List<String> answers = new ArrayList<>();
    for (Socket socket : slow) {
      answers.add(RawAnswers.read(socket.getInputStream()));
    }
    assertThat(answers).filteredOn(a -> a.startsWith("HTTP/1.1 408")).hasSize(2);
    String refused =
        answers.stream().filter(a -> a.startsWith("HTTP/1.1 429")).findFirst().orElseThrow();
    assertThat(refused.toLowerCase(Locale.ROOT)).contains("retry-after: 5");
  }

  private HttpResponse<String> export(String credential) throws Exception {
    return http.send(
        HttpRequest.newBuilder(f.url)
            .timeout(Duration.ofSeconds(5))
            .header("Content-Type", "application/x-protobuf")
            .header("Authorization", "Bearer " + credential)
            .POST(HttpRequest.BodyPublishers.ofByteArray(EXPORT))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** An export that declares a 1000-byte body and sends one byte of it. */
  private Socket slowExport(String credential) throws IOException {
    Socket socket = new Socket(f.url.getHost(), f.url.getPort());
    socket.setSoTimeout(15_000);
    OutputStream out = socket.getOutputStream();
    out.write(
        ("POST /v1/metrics HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-protobuf\r\n"
                + "Authorization: Bearer "
                + credential
                + "\r\nContent-Length: 1000\r\n\r\n\n")
            .getBytes(US_ASCII));
    out.flush();
    return socket;
  }
}
