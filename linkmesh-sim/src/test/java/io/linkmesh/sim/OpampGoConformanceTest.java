package io.linkmesh.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.linkmesh.wire.opamp.proto.AgentToServer;
import io.linkmesh.wire.opamp.proto.ConnectionSettingsOffers;
import io.linkmesh.wire.opamp.proto.Header;
import io.linkmesh.wire.opamp.proto.Headers;
import io.linkmesh.wire.opamp.proto.OpAMPConnectionSettings;
import io.linkmesh.wire.opamp.proto.RetryInfo;
import io.linkmesh.wire.opamp.proto.ServerErrorResponse;
import io.linkmesh.wire.opamp.proto.ServerErrorResponseType;
import io.linkmesh.wire.opamp.proto.ServerToAgent;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The simulated agent against a scripted OpAMP server, one test per client-side behaviour of
 * opamp-go (client/internal/httpsender.go, receivedprocessor.go, wsclient.go) that changes what a
 * server sees: an offered heartbeat becomes the HTTP polling interval; offered connection settings
 * restart the client with them; 429/503 retry the same message after the backoff or Retry-After;
 * other statuses drop the message until the next poll; UNAVAILABLE with retry_info waits for it.
 * Times are measured on the server side and asserted as lower bounds (what the client must not do
 * earlier), with upper bounds far from the alternative behaviour, so a loaded machine cannot flip
 * them.
 */
class OpampGoConformanceTest {
  static final String TOKEN = "enrollment-token";

  /** One request the scripted server received. */
  record Seen(long atNanos, String authorization, AgentToServer message) {}

  /** What the scripted server answers. */
  record Answer(int status, ServerToAgent body, @Nullable String retryAfter) {
    static Answer ok(ServerToAgent body) {
      return new Answer(200, body, null);
    }

    static Answer status(int status, @Nullable String retryAfter) {
      return new Answer(status, ServerToAgent.getDefaultInstance(), retryAfter);
    }
  }

  /** A real Jetty on port 0 that answers each OpAMP POST with what the script says. */
  static final class ScriptedServer implements AutoCloseable {
    final BlockingQueue<Seen> seen = new LinkedBlockingQueue<>();
    final Server jetty = new Server();
    final int port;
    int count;

    ScriptedServer(BiFunction<Integer, AgentToServer, Answer> script) {
      ServerConnector connector = new ServerConnector(jetty);
      connector.setHost("127.0.0.1");
      connector.setPort(0);
      jetty.addConnector(connector);
      jetty.setHandler(
          new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback)
                throws IOException {
              long at = System.nanoTime();
              byte[] body = Content.Source.asInputStream(request).readAllBytes();
              AgentToServer m = AgentToServer.parseFrom(body);
              String auth = request.getHeaders().get(HttpHeader.AUTHORIZATION);
              Answer a;
              synchronized (ScriptedServer.this) {
                a = script.apply(count++, m);
              }
              seen.add(new Seen(at, auth == null ? "" : auth, m));
              response.setStatus(a.status());
              if (a.retryAfter() != null) {
                response.getHeaders().put(HttpHeader.RETRY_AFTER, a.retryAfter());
              }
              response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/x-protobuf");
              response.write(true, ByteBuffer.wrap(a.body().toByteArray()), callback);
              return true;
            }
          });
      try {
        jetty.start();
      } catch (Exception e) {
        throw new IllegalStateException("Jetty did not start", e);
      }
      port = connector.getLocalPort();
    }

    URI url() {
      return URI.create("http://127.0.0.1:" + port);
    }

    Seen next() throws InterruptedException {
      return next(Duration.ofSeconds(20));
    }

    Seen next(Duration timeout) throws InterruptedException {
      Seen s = seen.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
      assertThat(s).as("a request within %s", timeout).isNotNull();
      return s;
    }

    @Override
    public void close() {
      try {
        jetty.stop();
      } catch (Exception e) {
        throw new IllegalStateException("Jetty did not stop", e);
      }
    }
  }

  ScriptedServer server;
  Simulation sim;

  @AfterEach
  void stop() {
    if (sim != null) {
      sim.close();
    }
    if (server != null) {
      server.close();
    }
  }

  /** One HTTP agent polling every 30 s (opamp-go's default) unless told otherwise. */
  Simulation poller(Duration pollInterval) {
    return Simulation.start(
        SimulationPlan.builder()
            .server(server.url())
            .token(TOKEN)
            .otelcol(1)
            .transport(OpampTransport.HTTP)
            .opampHttpPollInterval(pollInterval)
            .build());
  }

  static ServerToAgent reply(AgentToServer m) {
    return ServerToAgent.newBuilder().setInstanceUid(m.getInstanceUid()).build();
  }

  static ServerToAgent offer(AgentToServer m, String authorization, long heartbeatSeconds) {
    OpAMPConnectionSettings opamp =
        OpAMPConnectionSettings.newBuilder()
            .setHeaders(
                Headers.newBuilder()
                    .addHeaders(
                        Header.newBuilder().setKey("Authorization").setValue(authorization)))
            .setHeartbeatIntervalSeconds(heartbeatSeconds)
            .build();
    return reply(m).toBuilder()
        .setConnectionSettings(
            ConnectionSettingsOffers.newBuilder()
                .setHash(ByteString.copyFromUtf8(authorization + "/" + heartbeatSeconds))
                .setOpamp(opamp))
        .build();
  }

  static double secondsBetween(Seen a, Seen b) {
    return (b.atNanos() - a.atNanos()) / 1e9;
  }

  @Nested
  class PlainHttp {
    @Test
    void anOfferedHeartbeatBecomesThePollingInterval() throws Exception {
      server =
          new ScriptedServer(
              (n, m) -> Answer.ok(n == 0 ? offer(m, "Bearer " + TOKEN, 1) : reply(m)));
      sim = poller(Duration.ofSeconds(30));
      server.next();
      // At its own 30 s it would not poll again within this test; at the offered 1 s it does.
      Seen a = server.next();
      Seen b = server.next(Duration.ofSeconds(10));
      Seen c = server.next(Duration.ofSeconds(10));
      assertThat(secondsBetween(a, c)).isGreaterThanOrEqualTo(1.9).isLessThan(15);
      assertThat(secondsBetween(a, b)).isGreaterThanOrEqualTo(0.9);
    }

    @Test
    void offeredSettingsRestartTheClientWithThemAndTheSameOfferTwiceRestartsOnce()
        throws Exception {
      server = new ScriptedServer((n, m) -> Answer.ok(offer(m, "Bearer own-credential", 1)));
      sim = poller(Duration.ofSeconds(30));
      Seen first = server.next();
      assertThat(first.authorization()).isEqualTo("Bearer " + TOKEN);
      Seen restarted = server.next();
      assertThat(restarted.authorization()).isEqualTo("Bearer own-credential");
      // A restarted client starts with its full state.
      assertThat(restarted.message().hasAgentDescription()).isTrue();
      // The same offer again (same hash): the heartbeat is taken, the client is not restarted.
      Seen later = server.next(Duration.ofSeconds(10));
      assertThat(secondsBetween(restarted, later)).isGreaterThanOrEqualTo(0.9).isLessThan(15);
      assertThat(sim.stats().credentialSwitches()).isEqualTo(1);
    }

    @Test
    void on503TheSameMessageIsRetriedNoEarlierThanRetryAfter() throws Exception {
      server = new ScriptedServer((n, m) -> n == 0 ? Answer.status(503, "2") : Answer.ok(reply(m)));
      sim = poller(Duration.ofSeconds(30));
      Seen refused = server.next();
      Seen retried = server.next();
      assertThat(secondsBetween(refused, retried)).isGreaterThanOrEqualTo(1.9).isLessThan(15);
      assertThat(retried.message()).isEqualTo(refused.message());
    }

    @Test
    void on429WithoutRetryAfterTheSameMessageIsRetriedOnTheBackoff() throws Exception {
      server = new ScriptedServer((n, m) -> n < 2 ? Answer.status(429, null) : Answer.ok(reply(m)));
      sim = poller(Duration.ofSeconds(30));
      Seen first = server.next();
      Seen second = server.next();
      Seen third = server.next();
      // 0.5 s ±50 %, then 0.75 s ±50 %: well before the 30 s poll.
      assertThat(secondsBetween(first, second)).isGreaterThanOrEqualTo(0.24).isLessThan(10);
      assertThat(secondsBetween(second, third)).isGreaterThanOrEqualTo(0.37).isLessThan(10);
      assertThat(third.message()).isEqualTo(first.message());
    }

    @Test
    void otherStatusesDropTheMessageUntilTheNextPoll() throws Exception {
      server =
          new ScriptedServer((n, m) -> n == 0 ? Answer.status(401, null) : Answer.ok(reply(m)));
      sim = poller(Duration.ofSeconds(2));
      Seen refused = server.next();
      Seen next = server.next();
      assertThat(secondsBetween(refused, next)).isGreaterThanOrEqualTo(1.9).isLessThan(15);
      // Not a retry: the next message, so the server sees the gap and can ask for the full state.
      assertThat(next.message().getSequenceNum()).isEqualTo(refused.message().getSequenceNum() + 1);
    }

    @Test
    void unavailableWithRetryInfoWaitsForIt() throws Exception {
      server =
          new ScriptedServer(
              (n, m) ->
                  Answer.ok(
                      n == 0
                          ? reply(m).toBuilder()
                              .setErrorResponse(
                                  ServerErrorResponse.newBuilder()
                                      .setType(
                                          ServerErrorResponseType
                                              .ServerErrorResponseType_Unavailable)
                                      .setRetryInfo(
                                          RetryInfo.newBuilder()
                                              .setRetryAfterNanoseconds(
                                                  TimeUnit.SECONDS.toNanos(2))))
                              .build()
                          : reply(m)));
      sim = poller(Duration.ofSeconds(30));
      Seen unavailable = server.next();
      Seen next = server.next();
      assertThat(secondsBetween(unavailable, next)).isGreaterThanOrEqualTo(1.9).isLessThan(15);
    }
  }
}
