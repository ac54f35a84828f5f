package io.linkmesh.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.linkmesh.domain.fleet.Collector;
import io.linkmesh.domain.fleet.CollectorEventType;
import io.linkmesh.domain.fleet.CollectorId;
import io.linkmesh.domain.fleet.CollectorRuntime;
import io.linkmesh.domain.fleet.RemoteConfigStatus.State;
import io.linkmesh.opamp.JavaOpampAgent;
import io.linkmesh.wire.opamp.proto.AgentCapabilities;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import opamp.proto.AgentRemoteConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The same scenario driven once by the real Java OpAMP client and once by one simulated agent:
 * enroll with a token, receive the remote config, report APPLIED with the effective config. The
 * server must end up with the same view of both, field by field.
 *
 * <p>Known, intended differences (the simulator follows the supervisor, PROTOCOLS.md B/G): the Java
 * client 1.53 sends no health and no ReportsStatus/ReportsHealth/ReportsHeartbeat/
 * ReportsOwnMetrics capabilities, and it cannot adopt the offered credential; the simulated agent
 * does all of that. Those fields are asserted separately, not compared.
 */
class ConformanceTest {
  static final long ACCEPTS_OPAMP_CONNECTION_SETTINGS =
      AgentCapabilities.AgentCapabilities_AcceptsOpAMPConnectionSettings_VALUE;
  static final Map<String, String> LABELS = Map.of("env", "conformance");

  SimServer server;

  @BeforeEach
  void start() {
    server = new SimServer();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void theJavaClientAndASimulatedAgentLeaveTheSameServerSideState() throws Exception {
    server.putConfig(CollectorRuntime.OTELCOL, "base", LABELS, SimServer.OTELCOL_CONFIG);
    String token = server.mint(2, LABELS);
    URI ws = URI.create("ws://127.0.0.1:" + server.port + "/v1/opamp");

    UUID uuid = UUID.randomUUID();
    byte[] uid =
        ByteBuffer.allocate(16)
            .putLong(uuid.getMostSignificantBits())
            .putLong(uuid.getLeastSignificantBits())
            .array();
    String javaId = uuid.toString();
    // One after the other: concurrent enrollments hit a server race (see SimulationTest#plan).
    try (JavaOpampAgent java =
        new JavaOpampAgent(ws, uid, token, ACCEPTS_OPAMP_CONNECTION_SETTINGS)) {
      AgentRemoteConfig config = java.nextConfig();
      java.applied(config, config.config.config_map.get("base").body.utf8());
      try (Simulation sim =
          Simulation.start(
              SimulationPlan.builder().server(server.url()).token(token).otelcol(1).build())) {
        compare(java, sim, javaId);
      }
    }
  }

  void compare(JavaOpampAgent java, Simulation sim, String javaId) throws Exception {
    assertThat(sim.awaitConnected(1, Duration.ofSeconds(15))).isTrue();
    String simId = sim.otelcolInstanceId(0);

    Await.until(
        "both APPLIED",
        () ->
            server.collector(javaId).live().remoteConfigStatus().state() == State.APPLIED
                && server.collector(simId).live().remoteConfigStatus().state() == State.APPLIED);
    Await.until(
        "both effective configs",
        () ->
            server.collector(javaId).live().effectiveConfig() != null
                && server.collector(simId).live().effectiveConfig() != null
                && server
                    .collector(javaId)
                    .live()
                    .effectiveConfig()
                    .text()
                    .equals(SimServer.OTELCOL_CONFIG));
    Collector j = server.collector(javaId);
    Collector s = server.collector(simId);

    assertThat(s.runtime()).isEqualTo(j.runtime()).isEqualTo(CollectorRuntime.OTELCOL);
    assertThat(s.labels()).isEqualTo(j.labels()).isEqualTo(LABELS);
    assertThat(s.record().enrolledWith()).isEqualTo(j.record().enrolledWith());
    assertThat(s.live().connected()).isEqualTo(j.live().connected()).isTrue();
    assertThat(s.live().transport()).isEqualTo(j.live().transport());
    assertThat(s.desiredConfigHash()).isEqualTo(j.desiredConfigHash()).isNotNull();
    assertThat(s.live().appliedHash()).isEqualTo(j.live().appliedHash());
    assertThat(s.live().appliedHash()).isEqualTo(s.desiredConfigHash());
    assertThat(s.live().remoteConfigStatus().lastHash())
        .isEqualTo(j.live().remoteConfigStatus().lastHash());
    assertThat(s.live().remoteConfigStatus().errorMessage())
        .isEqualTo(j.live().remoteConfigStatus().errorMessage())
        .isEmpty();
    assertThat(s.live().effectiveConfig().text()).isEqualTo(j.live().effectiveConfig().text());
    for (String key : List.of("service.name", "service.version", "os.type")) {
      assertThat(s.attributes().get(key)).as(key).isEqualTo(j.attributes().get(key));
    }
    assertThat(s.attributes()).containsKeys("host.name", "service.instance.id");
    assertThat(once(javaId, CollectorEventType.REGISTERED))
        .isEqualTo(once(simId, CollectorEventType.REGISTERED))
        .isEqualTo(1);
    assertThat(once(simId, CollectorEventType.CONFIG_APPLIED))
        .isEqualTo(once(javaId, CollectorEventType.CONFIG_APPLIED))
        .isEqualTo(1);
    assertThat(java.errors).isEmpty();
    assertThat(sim.stats().errorsByKind()).isEmpty();

    // What only the simulated agent does, as the supervisor does it.
    assertThat(s.live().health()).isNotNull();
    assertThat(s.live().health().healthy()).isTrue();
    assertThat(j.live().health()).isNull();
    assertThat(sim.stats().credentialSwitches()).isEqualTo(1);
  }

  long once(String id, CollectorEventType type) {
    return server.domain.fleet().events(CollectorId.of(id), 100).stream()
        .filter(e -> e.type() == type)
        .count();
  }
}
