package io.linkmesh.opamp;

import static org.assertj.core.api.Assertions.assertThat;

import io.linkmesh.domain.fleet.Collector;
import io.linkmesh.domain.fleet.CollectorEventType;
import io.linkmesh.domain.fleet.RemoteConfigStatus.State;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import opamp.proto.AgentRemoteConfig;
import opamp.proto.ServerToAgent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * End to end with the real Java OpAMP client (io.opentelemetry.contrib:opentelemetry-opamp-client)
 * over both transports: enroll, appear with attributes, get a config put through the domain, report
 * APPLIED and the effective config, get a changed config, restart with its own credential (no new
 * token), and be refused with 401 after deregistration.
 */
class OpampClientEndToEndTest {

  static final long ACCEPTS_OPAMP_CONNECTION_SETTINGS = 0x100;

  static final String CONFIG_V2 =
      OpampFixture.CONFIG
          .replace("exporters: [debug]", "exporters: [debug, debug/2]")
          .replace("  debug:\n", "  debug:\n  debug/2:\n");

  OpampFixture f;

  @BeforeEach
  void start() {
    f = new OpampFixture();
  }

  @AfterEach
  void stop() {
    f.close();
  }

  @Nested
  class OverWebSocket {
    @Test
    void fullLifecycle() throws Exception {
      lifecycle(f.ws());
    }
  }

  @Nested
  class OverHttp {
    @Test
    void fullLifecycle() throws Exception {
      lifecycle(f.http());
    }
  }

  void lifecycle(URI endpoint) throws Exception {
    f.putConfig("base", Map.of("env", "e2e"), OpampFixture.CONFIG);
    String token = f.mint(Map.of("env", "e2e"));
    UUID uuid = UUID.randomUUID();
    byte[] uid =
        ByteBuffer.allocate(16)
            .putLong(uuid.getMostSignificantBits())
            .putLong(uuid.getLeastSignificantBits())
            .array();
    String id = uuid.toString();
    String credential;
    try (JavaOpampAgent agent =
        new JavaOpampAgent(endpoint, uid, token, ACCEPTS_OPAMP_CONNECTION_SETTINGS)) {
      // Enrolled, with its attributes and the token's labels.
      AgentRemoteConfig config = agent.nextConfig();
      Collector c = f.collector(id);
      assertThat(c.labels()).containsEntry("env", "e2e");
      assertThat(f.events(id)).contains(CollectorEventType.REGISTERED);

      // The config put through the domain, as one YAML file per config name.
      assertThat(config.config.config_map.get("base").body.utf8()).isEqualTo(OpampFixture.CONFIG);
      assertThat(config.config_hash.hex()).isEqualTo(f.collector(id).desiredConfigHash().hex());

      // It reports APPLIED and its effective config.
      agent.applied(config, OpampFixture.CONFIG);
      Await.until(
          "APPLIED", () -> f.collector(id).live().remoteConfigStatus().state() == State.APPLIED);
      Await.until(
          "effective config",
          () ->
              f.collector(id).live().effectiveConfig() != null
                  && f.collector(id).live().effectiveConfig().text().equals(OpampFixture.CONFIG));
      assertThat(f.collector(id).live().appliedHash())
          .isEqualTo(f.collector(id).desiredConfigHash());

      // A changed config reaches it (pushed on WebSocket, next poll on HTTP).
      f.putConfig("base", Map.of("env", "e2e"), CONFIG_V2);
      AgentRemoteConfig v2 = agent.nextConfig();
      assertThat(v2.config.config_map.get("base").body.utf8()).isEqualTo(CONFIG_V2);
      agent.applied(v2, CONFIG_V2);
      Await.until(
          "v2 APPLIED",
          () -> f.collector(id).desiredConfigHash().equals(f.collector(id).live().appliedHash()));

      // It was offered a credential of its own, in complete OpAMP connection settings.
      credential = offeredCredential(agent);
      assertThat(credential).isNotEqualTo(token);
    }
    if (endpoint.getScheme().startsWith("http")) {
      // A polling agent that stops is noticed by the sweep after three heartbeat intervals.
      f.clock.advance(java.time.Duration.ofSeconds(91));
      f.opamp.machine().sweep();
    }
    Await.until("disconnected", () -> !f.collector(id).live().connected());

    // Restart: the same instance with its own credential, no new token.
    try (JavaOpampAgent again =
        new JavaOpampAgent(endpoint, uid, credential, ACCEPTS_OPAMP_CONNECTION_SETTINGS)) {
      Await.until("reconnected", () -> f.collector(id).live().connected());
      assertThat(f.events(id).stream().filter(e -> e == CollectorEventType.REGISTERED)).hasSize(1);
      assertThat(again.errors).isEmpty();

      // Deregistered: the server ends the connection (WebSocket closed with 1008; an HTTP agent
      // is refused on its next poll).
      f.deregister(id);
      Await.until("connection dropped", () -> f.opamp.agentCount() == 0);
    }
    // Whenever it comes back with its credential, it is refused with 401.
    try (JavaOpampAgent third =
        new JavaOpampAgent(endpoint, uid, credential, ACCEPTS_OPAMP_CONNECTION_SETTINGS)) {
      assertThat(third.awaitRefusal()).isEqualTo(401);
    }
    assertThat(Wire.post(f.http(), credential, new byte[0]).statusCode()).isEqualTo(401);
  }

  static String offeredCredential(JavaOpampAgent agent) throws InterruptedException {
    while (true) {
      ServerToAgent s = agent.responses.poll(15, TimeUnit.SECONDS);
      assertThat(s).as("a response with connection settings").isNotNull();
      if (s.connection_settings != null && s.connection_settings.opamp != null) {
        var opamp = s.connection_settings.opamp;
        assertThat(opamp.destination_endpoint).endsWith("/v1/opamp");
        assertThat(opamp.headers.headers.get(0).key).isEqualTo("Authorization");
        return opamp.headers.headers.get(0).value.substring("Bearer ".length());
      }
    }
  }
}
