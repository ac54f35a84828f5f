package io.linkmesh.alloy;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.linkmesh.config.alloy.AlloyConfigValidator;
import io.linkmesh.domain.audit.Actor;
import io.linkmesh.domain.port.in.MintEnrollmentTokenCommand;
import io.linkmesh.domain.service.LinkMeshDomain;
import io.linkmesh.domain.testing.InMemoryAuditLog;
import io.linkmesh.domain.testing.InMemoryRevisionStore;
import io.linkmesh.domain.testing.MutableClock;
import io.linkmesh.domain.testing.SequentialSecretGenerator;
import io.linkmesh.jetty.testing.RawAnswers;
import io.linkmesh.wire.alloy.proto.GetConfigRequest;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Slow request bodies against a real Jetty with a small thread pool: they hold no thread, and one
 * credential cannot have more than its share in flight.
 */
class AlloySlowBodiesTest {
  private static final int THREADS = 24;

  final LinkMeshDomain domain =
      LinkMeshDomain.builder()
          .store(new InMemoryRevisionStore())
          .auditLog(new InMemoryAuditLog())
          .secrets(new SequentialSecretGenerator())
          .clock(MutableClock.at("2026-11-26T10:00:00Z"))
          .validator(AlloyConfigValidator.create())
          .adminSecret("admin-secret")
          .build();
  final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  final List<Socket> slow = new ArrayList<>();
  Server server;
  URI base;

  void start(int perClient) throws Exception {
    start(perClient, Duration.ofSeconds(10));
  }

  /** {@code grace}: how long a slow body may lag before the minimum data rate (1 KiB/s) cuts it. */
  void start(int perClient, Duration grace) throws Exception {
    server = new Server(new QueuedThreadPool(THREADS, 8));
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    server.setHandler(
        AlloyRemoteConfigHandler.builder()
            .fleet(domain.fleet())
            .maxInFlightPerClient(perClient)
            .minDataRate(1024, grace)
            .build());
    server.start();
    base = URI.create("http://127.0.0.1:" + connector.getLocalPort());
  }

  @AfterEach
  void stop() throws Exception {
    for (Socket s : slow) {
      s.close();
    }
    server.stop();
  }

  String mintToken() {
    return domain
        .enrollment()
        .mint(new MintEnrollmentTokenCommand(Actor.system(), null, 0, Map.of()))
        .token();
  }

  @Test
  void slowGetConfigBodiesDoNotStopOtherCollectors() throws Exception {
    start(1000);
    String slowToken = mintToken();
    for (int i = 0; i < THREADS + 8; i++) {
      slow.add(slowGetConfig(slowToken));
    }

    HttpResponse<String> other = getConfig(mintToken(), "alloy-1");

    assertThat(other.statusCode()).as(other.body()).isEqualTo(200);
  }

  @Test
  void oneCredentialBeyondItsBoundIsResourceExhaustedAndOthersAreServed() throws Exception {
    start(2, Duration.ofSeconds(2));
    String busy = mintToken();
    // Three slow calls of one credential and nothing else of it in flight: whichever the server
    // reads last is refused, whatever order it reads them in. (Probing with quick calls of the same
    // credential would race them for the two places.)
    for (int i = 0; i < 3; i++) {
      slow.add(slowGetConfig(busy));
    }
    assertThat(getConfig(mintToken(), "alloy-3").statusCode()).isEqualTo(200);

    List<String> answers = new ArrayList<>();
    for (Socket socket : slow) {
      answers.add(RawAnswers.read(socket.getInputStream()));
    }
    assertThat(answers).filteredOn(a -> a.startsWith("HTTP/1.1 408")).hasSize(2);
    String refused =
        answers.stream().filter(a -> a.startsWith("HTTP/1.1 429")).findFirst().orElseThrow();
    assertThat(refused).contains("{\"code\":\"resource_exhausted\"");
  }

  private HttpResponse<String> getConfig(String token, String id) throws Exception {
    return http.send(
        HttpRequest.newBuilder(base.resolve("/collector.v1.CollectorService/GetConfig"))
            .timeout(Duration.ofSeconds(5))
            .header("Content-Type", "application/proto")
            .header("Authorization", "Bearer " + token)
            .POST(
                HttpRequest.BodyPublishers.ofByteArray(
                    GetConfigRequest.newBuilder().setId(id).build().toByteArray()))
            .build(),
        HttpResponse.BodyHandlers.ofString(UTF_8));
  }

  /** A GetConfig that declares a 1000-byte body and sends one byte of it. */
  private Socket slowGetConfig(String token) throws IOException {
    Socket socket = new Socket(base.getHost(), base.getPort());
    socket.setSoTimeout(15_000);
    OutputStream out = socket.getOutputStream();
    out.write(
        ("POST /collector.v1.CollectorService/GetConfig HTTP/1.1\r\nHost: x\r\n"
                + "Content-Type: application/proto\r\nAuthorization: Bearer "
                + token
                + "\r\nContent-Length: 1000\r\n\r\n\n")
            .getBytes(US_ASCII));
    out.flush();
    return socket;
  }
}
