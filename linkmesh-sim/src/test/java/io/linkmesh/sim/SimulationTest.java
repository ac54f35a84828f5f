package io.linkmesh.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.linkmesh.domain.fleet.Collector;
import io.linkmesh.domain.fleet.CollectorEventType;
import io.linkmesh.domain.fleet.CollectorId;
import io.linkmesh.domain.fleet.CollectorRuntime;
import io.linkmesh.domain.fleet.RemoteConfigStatus.State;
import io.linkmesh.domain.fleet.Transport;
import io.linkmesh.domain.port.in.CollectorFilter;
import io.linkmesh.domain.port.in.MintedEnrollmentToken;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The simulator against a real in-process server: what the server sees is what real agents do. */
class SimulationTest {
  static final Duration WAIT = Duration.ofSeconds(20);
  static final Map<String, String> FLEET = Map.of("fleet", "sim");

  SimServer server;

  @BeforeEach
  void start() {
    server = new SimServer();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /**
   * Enrollments one at a time: these tests are about the simulator, not the server's enrollment
   * under contention. (The just-enrolled 401 "collector is no longer registered" once seen here
   * under load was a sweep racing an HTTP agent's first message; {@code JustEnrolledSweepTest} in
   * the OpAMP adapter pins it, and {@link MixedFleetStress} repeats this scenario under a CPU hog.)
   */
  SimulationPlan.Builder plan(String token) {
    return SimulationPlan.builder()
        .maxConnectsInFlight(1)
        .server(server.url())
        .token(token)
        .opampHttpPollInterval(Duration.ofMillis(200))
        .alloyPollInterval(Duration.ofMillis(500))
        .metricsInterval(Duration.ofMillis(300));
  }

  /** Starts {@code plan} once {@code first} has {@code connected} agents connected. */
  static Simulation startAfter(Simulation first, int connected, SimulationPlan plan)
      throws InterruptedException {
    assertThat(first.awaitConnected(connected, WAIT)).as("%s", first.stats()).isTrue();
    return Simulation.start(plan);
  }

  List<Collector> collectors(CollectorRuntime runtime) {
    return server.domain.fleet().collectors(new CollectorFilter(runtime, Map.of(), null));
  }

  long countState(CollectorRuntime runtime, State state) {
    return collectors(runtime).stream()
        .filter(c -> c.live().remoteConfigStatus().state() == state)
        .count();
  }

  @Nested
  class AMixedFleet {
    @Test
    void enrollsAppliesConfigsReportsFailuresAndPushesMetrics() throws Exception {
      String token = server.mint(100, FLEET);
      server.putConfig(CollectorRuntime.OTELCOL, "base", FLEET, SimServer.OTELCOL_CONFIG);
      server.putConfig(CollectorRuntime.ALLOY, "alloy-base", FLEET, SimServer.ALLOY_CONFIG);
      try (Simulation ws =
              Simulation.start(
                  plan(token)
                      .otelcol(50)
                      .alloy(5)
                      .otlp(true)
                      .failShare(0.1)
                      .namePrefix("ws")
                      .build());
          Simulation http =
              startAfter(
                  ws,
                  55,
                  plan(token)
                      .transport(OpampTransport.HTTP)
                      .otelcol(10)
                      .failShare(0.1)
                      .namePrefix("http")
                      .build())) {
        assertThat(ws.awaitConnected(55, WAIT)).as("%s", ws.stats()).isTrue();
        assertThat(http.awaitConnected(10, WAIT)).as("%s", http.stats()).isTrue();

        // Every agent enrolled once, with its own identity and attributes and the token's labels.
        assertThat(collectors(CollectorRuntime.OTELCOL)).hasSize(60);
        assertThat(collectors(CollectorRuntime.ALLOY)).hasSize(5);
        Collector first = server.collector(ws.otelcolInstanceId(0));
        assertThat(first.labels()).containsEntry("fleet", "sim");
        assertThat(first.attributes())
            .containsEntry("service.name", "otelcol-contrib")
            .containsEntry("service.instance.id", ws.otelcolInstanceId(0))
            .containsEntry("host.name", "ws-host-00001")
            .containsEntry("os.type", "linux")
            .containsEntry("deployment.environment", "prod");
        assertThat(server.collector(ws.otelcolInstanceId(1)).attributes())
            .containsEntry("host.name", "ws-host-00002")
            .containsEntry("deployment.environment", "staging");
        assertThat(first.live().transport()).isEqualTo(Transport.WEBSOCKET);
        assertThat(server.collector(http.otelcolInstanceId(3)).live().transport())
            .isEqualTo(Transport.HTTP);
        Collector alloy = server.collector(ws.alloyId(0));
        assertThat(alloy.displayName()).isEqualTo("ws-alloy-00001");
        assertThat(alloy.attributes()).containsEntry("collector.os", "linux");
        // Each enrolled with the token, then switched to its own credential.
        assertThat(ws.stats().credentialSwitches()).isEqualTo(50);
        assertThat(http.stats().credentialSwitches()).as("%s", http.stats()).isEqualTo(10);

        // The config reaches every agent; the failing share (10 %, by index) reports FAILED.
        Await.until(
            "a desired config",
            () -> server.collector(ws.otelcolInstanceId(0)).desiredConfigHash() != null);
        String hash = server.collector(ws.otelcolInstanceId(0)).desiredConfigHash().hex();
        assertThat(ws.awaitReported(hash, 50, WAIT)).as("%s", ws.stats()).isTrue();
        assertThat(http.awaitReported(hash, 10, WAIT)).as("%s", http.stats()).isTrue();
        assertThat(ws.progress(hash))
            .extracting(ConfigProgress::received, ConfigProgress::applied, ConfigProgress::failed)
            .containsExactly(50, 45, 5);
        assertThat(http.progress(hash).failed()).isEqualTo(1);
        assertThat(ws.progress(hash).lastReportedNanos())
            .isGreaterThanOrEqualTo(ws.progress(hash).firstReceivedNanos());
        assertThat(ws.newestConfigHash()).contains(hash);
        Await.until(
            "server sees 54 APPLIED",
            () -> countState(CollectorRuntime.OTELCOL, State.APPLIED) == 54);
        Await.until(
            "server sees 6 FAILED", () -> countState(CollectorRuntime.OTELCOL, State.FAILED) == 6);
        Collector applied = server.collector(ws.otelcolInstanceId(0));
        assertThat(applied.live().appliedHash()).isEqualTo(applied.desiredConfigHash());
        assertThat(applied.live().effectiveConfig().text()).isEqualTo(SimServer.OTELCOL_CONFIG);
        assertThat(applied.live().health().healthy()).isTrue();
        Collector failing = server.collector(ws.otelcolInstanceId(9));
        assertThat(failing.live().remoteConfigStatus().errorMessage())
            .contains("simulated failure");

        String alloyHash = server.collector(ws.alloyId(0)).desiredConfigHash().hex();
        assertThat(ws.awaitReported(alloyHash, 5, WAIT)).as("%s", ws.stats()).isTrue();
        Await.until("Alloy APPLIED", () -> countState(CollectorRuntime.ALLOY, State.APPLIED) == 5);
        Await.until("Alloy polls not modified", () -> ws.stats().alloyNotModified() > 5);

        // A changed config is pushed at once over WebSocket, and taken with the next HTTP poll.
        server.putConfig(
            CollectorRuntime.OTELCOL,
            "base",
            FLEET,
            SimServer.OTELCOL_CONFIG
                .replace("debug]", "debug, debug/2]")
                .replace("  debug:\n", "  debug:\n  debug/2:\n"));
        String v2 = server.collector(ws.otelcolInstanceId(0)).desiredConfigHash().hex();
        assertThat(v2).isNotEqualTo(hash);
        assertThat(ws.awaitReported(v2, 50, WAIT)).as("%s", ws.stats()).isTrue();
        assertThat(http.awaitReported(v2, 10, WAIT)).as("%s", http.stats()).isTrue();
        assertThat(ws.newestConfigHash()).contains(v2);

        // Own metrics arrive and become throughput, for OpAMP agents and Alloy alike.
        Await.until("OTLP points", () -> ws.stats().otlpPoints() > 0);
        Await.until(
            "otelcol throughput",
            () ->
                server
                    .domain
                    .throughput()
                    .throughput(CollectorId.of(ws.otelcolInstanceId(0)))
                    .map(t -> !t.latest().isEmpty())
                    .orElse(false));
        Await.until(
            "Alloy throughput",
            () ->
                server
                    .domain
                    .throughput()
                    .throughput(CollectorId.of(ws.alloyId(0)))
                    .map(t -> !t.latest().isEmpty())
                    .orElse(false));
        assertThat(ws.stats().otlpRefused()).as("%s", ws.stats()).isZero();

        // Only throttled OTLP exports (the receiver's concurrency limit answers 503), retried.
        assertThat(ws.stats().errorsByKind().keySet()).isSubsetOf("otlp-retried");
        assertThat(http.stats().errorsByKind()).isEmpty();
      }
      Await.until(
          "all disconnected after close",
          () -> collectors(CollectorRuntime.OTELCOL).stream().noneMatch(c -> c.live().connected()));
    }

    @Test
    void heartbeatsKeepAgentsSeen() throws Exception {
      String token = server.mint(10, FLEET);
      try (Simulation sim = Simulation.start(plan(token).otelcol(10).build())) {
        assertThat(sim.awaitConnected(10, WAIT)).as("%s", sim.stats()).isTrue();
        Map<String, Instant> seen = new HashMap<>();
        for (int i = 0; i < 10; i++) {
          seen.put(
              sim.otelcolInstanceId(i),
              server.collector(sim.otelcolInstanceId(i)).live().lastSeen());
        }
        long sent = sim.stats().opampMessagesSent();
        // The server offers a 1 s heartbeat: each agent's next heartbeat moves its last-seen.
        Await.until(
            "every agent seen again",
            () ->
                seen.entrySet().stream()
                    .allMatch(
                        e -> server.collector(e.getKey()).live().lastSeen().isAfter(e.getValue())));
        assertThat(sim.stats().opampMessagesSent()).isGreaterThanOrEqualTo(sent + 10);
        assertThat(sim.stats().otelcolConnected()).isEqualTo(10);
        assertThat(sim.stats().reconnects()).isZero();
      }
    }
  }

  @Nested
  class AServerRestart {
    @Test
    void agentsReconnectWithTheirOwnCredential() throws Exception {
      MintedEnrollmentToken token = server.minted(20, FLEET);
      try (Simulation sim = Simulation.start(plan(token.token()).otelcol(20).alloy(0).build())) {
        assertThat(sim.awaitConnected(20, WAIT)).as("%s", sim.stats()).isTrue();
        assertThat(sim.stats().credentialSwitches()).isEqualTo(20);
        // With the token gone, only the per-collector credentials can get them back in.
        server.revoke(token);

        server.restart();

        Await.until("reconnects counted", () -> sim.stats().reconnects() >= 20);
        assertThat(sim.awaitConnected(20, WAIT)).as("%s", sim.stats()).isTrue();
        Await.until(
            "all connected server-side",
            () ->
                collectors(CollectorRuntime.OTELCOL).stream()
                        .filter(c -> c.live().connected())
                        .count()
                    == 20);
        for (int i = 0; i < 20; i++) {
          String id = sim.otelcolInstanceId(i);
          assertThat(
                  server.domain.fleet().events(CollectorId.of(id), 100).stream()
                      .filter(e -> e.type() == CollectorEventType.REGISTERED))
              .hasSize(1);
        }
        assertThat(collectors(CollectorRuntime.OTELCOL)).hasSize(20);
        assertThat(sim.stats().errorsByKind()).doesNotContainKeys("ws-401", "ws-403", "ws-410");
      }
    }
  }

  @Nested
  class BadInput {
    @Test
    void anUnknownHostIsCountedNotThrown() throws Exception {
      try (Simulation sim =
          Simulation.start(
              plan("lme_nope")
                  .server(URI.create("http://no-such-host.invalid:4320"))
                  .otelcol(3)
                  .alloy(2)
                  .build())) {
        Await.until(
            "errors",
            () ->
                sim.stats()
                    .errorsByKind()
                    .keySet()
                    .containsAll(List.of("ws-connect", "alloy-connect")));
        assertThat(sim.stats().otelcolConnected()).isZero();
      }
    }

    @Test
    void anUpgradeNeverAnsweredIsCountedAndTheNextAgentGetsItsTurn() throws Exception {
      // A listening socket nobody accepts from: the kernel completes every TCP handshake, and no
      // upgrade is ever answered. With one connect in flight, each agent must time out in turn.
      try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
          Simulation sim =
              Simulation.start(
                  plan("lme_nope")
                      .server(URI.create("http://127.0.0.1:" + silent.getLocalPort()))
                      .upgradeTimeout(Duration.ofMillis(300))
                      .otelcol(3)
                      .build())) {
        Await.until(
            "an error for every agent",
            () -> sim.stats().errorsByKind().getOrDefault("ws-connect", 0L) >= 3);
        assertThat(sim.stats().otelcolConnected()).isZero();
        assertThat(sim.stats().connectsInFlight()).isLessThanOrEqualTo(1);
      }
    }

    @Test
    void aRefusedPortIsCountedNotThrown() throws Exception {
      int port;
      try (ServerSocket s = new ServerSocket(0)) {
        port = s.getLocalPort();
      }
      try (Simulation sim =
          Simulation.start(
              plan("lme_nope")
                  .server(URI.create("http://127.0.0.1:" + port))
                  .transport(OpampTransport.HTTP)
                  .otelcol(3)
                  .build())) {
        Await.until(
            "errors", () -> sim.stats().errorsByKind().getOrDefault("http-connect", 0L) >= 3);
        assertThat(sim.stats().otelcolConnected()).isZero();
      }
    }

    @Test
    void anUnknownTokenIsRefusedWith401() throws Exception {
      try (Simulation sim =
          Simulation.start(plan("lme_not-a-real-token").otelcol(2).alloy(2).build())) {
        Await.until(
            "401s",
            () ->
                sim.stats().errorsByKind().getOrDefault("ws-401", 0L) >= 2
                    && sim.stats().errorsByKind().getOrDefault("alloy-401", 0L) >= 2);
        assertThat(sim.stats().otelcolConnected()).isZero();
        assertThat(sim.stats().alloyRegistered()).isZero();
      }
      assertThat(server.domain.fleet().collectors(CollectorFilter.ALL)).isEmpty();
    }

    @Test
    void aBadPlanIsRefusedWithTheValueNamed() {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> plan("t").failShare(1.5).build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("failShare");
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> plan("t").server(URI.create("ftp://x")).build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("server");
    }
  }
}
