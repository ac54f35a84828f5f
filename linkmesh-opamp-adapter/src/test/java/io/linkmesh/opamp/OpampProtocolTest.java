package io.linkmesh.opamp;

import static io.linkmesh.opamp.Wire.hello;
import static io.linkmesh.opamp.Wire.parse;
import static io.linkmesh.opamp.Wire.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.linkmesh.domain.audit.Actor;
import io.linkmesh.domain.fleet.CollectorEventType;
import io.linkmesh.domain.fleet.CollectorId;
import io.linkmesh.domain.fleet.CollectorRuntime;
import io.linkmesh.domain.fleet.RemoteConfigStatus.State;
import io.linkmesh.domain.port.in.SetCollectorLabelsCommand;
import io.linkmesh.domain.port.out.RevisionStore;
import io.linkmesh.domain.port.out.StoreException;
import io.linkmesh.domain.revision.Commit;
import io.linkmesh.domain.revision.CommitResult;
import io.linkmesh.domain.revision.HistoryPage;
import io.linkmesh.domain.revision.Revision;
import io.linkmesh.domain.revision.RevisionId;
import io.linkmesh.domain.testing.RecordingServerMetrics;
import io.linkmesh.wire.opamp.proto.AgentCapabilities;
import io.linkmesh.wire.opamp.proto.AgentConfigFile;
import io.linkmesh.wire.opamp.proto.AgentConfigMap;
import io.linkmesh.wire.opamp.proto.AgentDisconnect;
import io.linkmesh.wire.opamp.proto.AgentToServer;
import io.linkmesh.wire.opamp.proto.ComponentHealth;
import io.linkmesh.wire.opamp.proto.EffectiveConfig;
import io.linkmesh.wire.opamp.proto.RemoteConfigStatus;
import io.linkmesh.wire.opamp.proto.RemoteConfigStatuses;
import io.linkmesh.wire.opamp.proto.ServerErrorResponseType;
import io.linkmesh.wire.opamp.proto.ServerToAgent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class OpampProtocolTest {

  static final long REPORTS_STATUS = AgentCapabilities.AgentCapabilities_ReportsStatus_VALUE;
  static final long ACCEPTS_REMOTE_CONFIG =
      AgentCapabilities.AgentCapabilities_AcceptsRemoteConfig_VALUE;
  static final long REPORTS_EFFECTIVE_CONFIG =
      AgentCapabilities.AgentCapabilities_ReportsEffectiveConfig_VALUE;
  static final long REPORTS_OWN_METRICS =
      AgentCapabilities.AgentCapabilities_ReportsOwnMetrics_VALUE;
  static final long ACCEPTS_OPAMP_SETTINGS =
      AgentCapabilities.AgentCapabilities_AcceptsOpAMPConnectionSettings_VALUE;
  static final long REPORTS_HEALTH = AgentCapabilities.AgentCapabilities_ReportsHealth_VALUE;
  static final long REPORTS_REMOTE_CONFIG =
      AgentCapabilities.AgentCapabilities_ReportsRemoteConfig_VALUE;
  static final long REPORTS_HEARTBEAT = AgentCapabilities.AgentCapabilities_ReportsHeartbeat_VALUE;
  static final long MANAGED = REPORTS_STATUS | ACCEPTS_REMOTE_CONFIG | REPORTS_REMOTE_CONFIG;

  OpampFixture f;

  @BeforeEach
  void start() {
    f = new OpampFixture(b -> b.maxMessageBytes(64 * 1024));
  }

  @AfterEach
  void stop() throws Exception {
    f.close();
  }

  static int handshakeStatus(Throwable t) {
    Throwable c = t instanceof CompletionException ? t.getCause() : t;
    assertThat(c).isInstanceOf(WebSocketHandshakeException.class);
    return ((WebSocketHandshakeException) c).getResponse().statusCode();
  }

  @Nested
  class Authentication {
    @Test
    void upgradeWithoutBearerIs401AndNoUpgrade() {
      assertThatThrownBy(
              () -> Wire.CLIENT.newWebSocketBuilder().buildAsync(f.ws(), new Wire.Ws()).join())
          .satisfies(t -> assertThat(handshakeStatus(t)).isEqualTo(401));
    }

    @Test
    void upgradeWithUnknownTokenIs401() {
      assertThatThrownBy(() -> Wire.Ws.open(f.ws(), "lm_nonsense"))
          .satisfies(t -> assertThat(handshakeStatus(t)).isEqualTo(401));
    }

    @Test
    void postWithoutBearerIs401WithChallenge() {
      HttpResponse<byte[]> r = post(f.http(), null, Wire.framed(hello(Wire.uid(), 0, 1).build()));
      assertThat(r.statusCode()).isEqualTo(401);
      assertThat(r.headers().firstValue("WWW-Authenticate"))
          .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
    }

    @Test
    void usedSingleUseTokenIs410ForAnotherInstanceButKeepsAuthenticatingItsCollector() {
      String token = f.mint();
      ByteString a = Wire.uid();
      assertThat(post(f.http(), token, hello(a, 0, 1).build().toByteArray()).statusCode())
          .isEqualTo(200);
      assertThat(post(f.http(), token, hello(Wire.uid(), 0, 1).build().toByteArray()).statusCode())
          .isEqualTo(410);
      assertThat(post(f.http(), token, hello(a, 1, 1).build().toByteArray()).statusCode())
          .isEqualTo(200);
      Wire.Ws ws = Wire.Ws.open(f.ws(), token);
      assertThat(ws.exchange(hello(a, 0, 1).build()).hasErrorResponse()).isFalse();
    }

    @Test
    void deregisteredCollectorIsClosedAndItsCredentialGets401() {
      String token = f.mint();
      ByteString a = Wire.uid();
      long caps = REPORTS_STATUS | ACCEPTS_OPAMP_SETTINGS;
      Wire.Ws ws = Wire.Ws.open(f.ws(), token);
      String credential =
          ws.exchange(hello(a, 0, caps).build())
              .getConnectionSettings()
              .getOpamp()
              .getHeaders()
              .getHeaders(0)
              .getValue()
              .substring("Bearer ".length());
      ws.socket.sendClose(1000, "adopt credential").join();
      ws.closeCode();
      Wire.Ws adopted = Wire.Ws.open(f.ws(), credential);
      assertThat(adopted.exchange(hello(a, 0, caps).build()).hasErrorResponse()).isFalse();

      f.deregister(Wire.uuid(a));

      assertThat(adopted.closeCode()).isEqualTo(1008);
      assertThatThrownBy(() -> Wire.Ws.open(f.ws(), credential))
          .satisfies(t -> assertThat(handshakeStatus(t)).isEqualTo(401));
      assertThat(post(f.http(), credential, hello(a, 0, caps).build().toByteArray()).statusCode())
          .isEqualTo(401);
      // The single-use token it enrolled with no longer admits it either.
      assertThat(post(f.http(), token, hello(a, 0, caps).build().toByteArray()).statusCode())
          .isEqualTo(401);
    }

    @Test
    void registrationTheStoreCannotTakeIs503() {
      AtomicBoolean full = new AtomicBoolean();
      try (OpampFixture down =
          OpampFixture.overStore(
              store ->
                  new RevisionStore() {
                    @Override
                    public Optional<Revision> head() {
                      return store.head();
                    }

                    @Override
                    public Optional<Revision> find(RevisionId id) {
                      return store.find(id);
                    }

                    @Override
                    public Optional<Map<String, String>> snapshot(RevisionId id) {
                      return store.snapshot(id);
                    }

                    @Override
                    public CommitResult commit(Commit commit) {
                      if (full.get()) {
                        throw new StoreException("disk full", true);
                      }
                      return store.commit(commit);
                    }

                    @Override
                    public HistoryPage history(@Nullable RevisionId from, int limit) {
                      return store.history(from, limit);
                    }
                  })) {
        String token = down.mint();
        full.set(true);
        HttpResponse<byte[]> r =
            post(down.http(), token, hello(Wire.uid(), 0, 1).build().toByteArray());
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(down.opamp.agentCount()).isZero();
      }
    }
  }

  @Nested
  class WebSocketFraming {
    @Test
    void firstReplyHasHeaderCapabilitiesAndTheAgentsUidLaterRepliesNoCapabilities() {
      ByteString uid = Wire.uid();
      Wire.Ws ws = Wire.Ws.open(f.ws(), f.mint());
      byte[] raw;
      ws.send(hello(uid, 0, 1).build());
      raw = ws.nextRaw();
      assertThat(raw[0]).isZero();
      ServerToAgent first = Wire.parse(raw);
      assertThat(first.getInstanceUid()).isEqualTo(uid);
      assertThat(first.getCapabilities() & 0x1).isEqualTo(1);
      assertThat(first.getCapabilities() & 0x2).isEqualTo(2);
      ServerToAgent second =
          ws.exchange(
              AgentToServer.newBuilder()
                  .setInstanceUid(uid)
                  .setSequenceNum(1)
                  .setCapabilities(1)
                  .build());
      assertThat(second.getCapabilities()).isZero();
      assertThat(second.getFlags()).isZero();
    }

    @Test
    void nonZeroHeaderClosesWith1002() {
      Wire.Ws ws = Wire.Ws.open(f.ws(), f.mint());
      byte[] m = Wire.framed(hello(Wire.uid(), 0, 1).build());
      m[0] = 0x01;
      ws.sendRaw(m);
      assertThat(ws.closeCode()).isEqualTo(1002);
    }

    @Test
    void headerlessMessageClosesWith1002() {
      Wire.Ws ws = Wire.Ws.open(f.ws(), f.mint());
      ws.sendRaw(hello(Wire.uid(), 0, 1).build().toByteArray());
      assertThat(ws.closeCode()).isEqualTo(1002);
    }

    @Test
    void textFrameClosesWith1003() {
      Wire.Ws ws = Wire.Ws.open(f.ws(), f.mint());
      ws.socket.sendText("hello", true).join();
      assertThat(ws.closeCode()).isEqualTo(1003);
    }

    @Test
    void messageOverTheLimitClosesWith1009() {
      Wire.Ws ws = Wire.Ws.open(f.ws(), f.mint());
      AgentToServer big =
          hello(Wire.uid(), 0, 1).setEffectiveConfig(effective("x".repeat(70 * 1024))).build();
      ws.socket.sendBinary(java.nio.ByteBuffer.wrap(Wire.framed(big)), true);
      assertThat(ws.closeCode()).isEqualTo(1009);
    }

    @Test
    void undecodableMessageGetsBadRequestAndTheSocketStaysUsable() {
      Wire.Ws ws = Wire.Ws.open(f.ws(), f.mint());
      ws.sendRaw(new byte[] {0x00, (byte) 0xff, (byte) 0xff, (byte) 0xff});
      ServerToAgent error = ws.next();
      assertThat(error.getErrorResponse().getType())
          .isEqualTo(ServerErrorResponseType.ServerErrorResponseType_BadRequest);
      assertThat(error.hasRemoteConfig()).isFalse();
      assertThat(ws.exchange(hello(Wire.uid(), 0, 1).build()).hasErrorResponse()).isFalse();
    }

    @Test
    void uidOfWrongLengthGetsBadRequest() {
      Wire.Ws ws = Wire.Ws.open(f.ws(), f.mint());
      ServerToAgent r = ws.exchange(hello(ByteString.copyFromUtf8("short"), 0, 1).build());
      assertThat(r.getErrorResponse().getErrorMessage()).contains("16 bytes");
    }
  }

  @Nested
  class Limits {
    /** Upgrades a raw socket, so a test can write a frame header without its payload. */
    java.net.Socket rawUpgrade(String bearer) throws java.io.IOException {
      java.net.Socket s = new java.net.Socket("127.0.0.1", f.port);
      s.setSoTimeout(10_000);
      s.getOutputStream()
          .write(
              ("GET /v1/opamp HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                      + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                      + "Sec-WebSocket-Version: 13\r\nAuthorization: Bearer "
                      + bearer
                      + "\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      StringBuilder head = new StringBuilder();
      while (!head.toString().endsWith("\r\n\r\n")) {
        int c = s.getInputStream().read();
        assertThat(c).isNotNegative();
        head.append((char) c);
      }
      assertThat(head.toString()).startsWith("HTTP/1.1 101");
      return s;
    }

    @Test
    void aFrameAnnouncingMoreThanTheCapIsRefusedBeforeItsPayloadArrives() throws Exception {
      try (java.net.Socket s = rawUpgrade(f.mint())) {
        // A masked binary frame announcing 1 MiB (the cap is 64 KiB) and its first 1 KiB; the
        // rest never follows. (Jetty checks the announced length when payload starts arriving.)
        s.getOutputStream()
            .write(
                java.nio.ByteBuffer.allocate(14 + 1024)
                    .put((byte) 0x82)
                    .put((byte) (0x80 | 127))
                    .putLong(1024 * 1024)
                    .putInt(0x01020304)
                    .array());
        var in = s.getInputStream();
        int b0 = in.read();
        assertThat(b0 & 0x0f).as("a close frame").isEqualTo(0x8);
        int len = in.read() & 0x7f;
        assertThat(len).isGreaterThanOrEqualTo(2);
        assertThat((in.read() << 8) | in.read()).isEqualTo(1009);
      }
    }

    String credential(ByteString uid) {
      long caps = REPORTS_STATUS | ACCEPTS_OPAMP_SETTINGS;
      Wire.Ws ws = Wire.Ws.open(f.ws(), f.mint());
      String credential =
          ws.exchange(hello(uid, 0, caps).build())
              .getConnectionSettings()
              .getOpamp()
              .getHeaders()
              .getHeaders(0)
              .getValue()
              .substring("Bearer ".length());
      ws.socket.sendClose(1000, "adopt credential").join();
      ws.closeCode();
      return credential;
    }

    @Test
    void aCredentialHoldsAtMostTheBoundOfSocketsAndTheNextIsRefusedWith429() {
      try (OpampFixture g = new OpampFixture(b -> b.socketsPerCredential(2))) {
        OpampFixture saved = f;
        f = g;
        try {
          String credential = credential(Wire.uid());
          Wire.Ws one = Wire.Ws.open(g.ws(), credential);
          Wire.Ws two = Wire.Ws.open(g.ws(), credential);
          assertThatThrownBy(() -> Wire.Ws.open(g.ws(), credential))
              .satisfies(t -> assertThat(handshakeStatus(t)).isEqualTo(429));
          // A socket closed gives its place back.
          one.socket.sendClose(1000, "done").join();
          one.closeCode();
          Await.until(
              "a place freed",
              () -> {
                try {
                  Wire.Ws.open(g.ws(), credential);
                  return true;
                } catch (RuntimeException e) {
                  return false;
                }
              });
          assertThat(two.socket.isOutputClosed()).isFalse();
        } finally {
          f = saved;
        }
      }
    }

    @Test
    void anAgentReconnectingWithItsUidReplacesItsOldSocket() {
      ByteString uid = Wire.uid();
      long caps = REPORTS_STATUS | ACCEPTS_OPAMP_SETTINGS;
      String credential = credential(uid);
      Wire.Ws old = Wire.Ws.open(f.ws(), credential);
      assertThat(old.exchange(hello(uid, 0, caps).build()).hasErrorResponse()).isFalse();
      Wire.Ws fresh = Wire.Ws.open(f.ws(), credential);
      ServerToAgent r = fresh.exchange(hello(uid, 0, caps).build());
      assertThat(r.hasAgentIdentification()).as("not taken for a clone").isFalse();
      assertThat(old.closeCode()).isEqualTo(1000);
      assertThat(f.collector(Wire.uuid(uid)).live().connected()).isTrue();
    }
  }

  @Nested
  class StateMachine {
    @Test
    void completeFirstMessageIsNotAskedForFullState() {
      Wire.Ws ws = Wire.Ws.open(f.ws(), f.mint());
      assertThat(ws.exchange(hello(Wire.uid(), 0, 1).build()).getFlags()).isZero();
    }

    @Test
    void unknownStateAsksForFullState() {
      Wire.Ws ws = Wire.Ws.open(f.ws(), f.mint());
      AgentToServer bare =
          AgentToServer.newBuilder()
              .setInstanceUid(Wire.uid())
              .setSequenceNum(7)
              .setCapabilities(1)
              .build();
      assertThat(ws.exchange(bare).getFlags() & 0x1).isEqualTo(1);
    }

    @Test
    void sequenceGapAsksForFullState() {
      ByteString uid = Wire.uid();
      Wire.Ws ws = Wire.Ws.open(f.ws(), f.mint());
      ws.exchange(hello(uid, 0, 1).build());
      AgentToServer.Builder beat =
          AgentToServer.newBuilder().setInstanceUid(uid).setCapabilities(1);
      assertThat(ws.exchange(beat.setSequenceNum(1).build()).getFlags()).isZero();
      assertThat(ws.exchange(beat.setSequenceNum(5).build()).getFlags() & 0x1).isEqualTo(1);
      assertThat(ws.exchange(hello(uid, 6, 1).build()).getFlags()).isZero();
    }

    @Test
    void missingReportedPartAfterAGapAsksForFullState() {
      ByteString uid = Wire.uid();
      long caps = REPORTS_STATUS | REPORTS_HEALTH;
      Wire.Ws ws = Wire.Ws.open(f.ws(), f.mint());
      AgentToServer full =
          hello(uid, 0, caps).setHealth(ComponentHealth.newBuilder().setHealthy(true)).build();
      assertThat(ws.exchange(full).getFlags()).isZero();
      assertThat(ws.exchange(hello(uid, 9, caps).build()).getFlags() & 0x1).isEqualTo(1);
    }

    @Test
    void requestInstanceUidGetsANewSixteenByteUuidV7() {
      Wire.Ws ws = Wire.Ws.open(f.ws(), f.mint());
      ByteString temp = Wire.uid();
      ServerToAgent r = ws.exchange(hello(temp, 0, 1).setFlags(0x1).build());
      ByteString fresh = r.getAgentIdentification().getNewInstanceUid();
      assertThat(fresh.size()).isEqualTo(16);
      assertThat(fresh.byteAt(6) & 0xf0).isEqualTo(0x70);
      assertThat(fresh).isNotEqualTo(temp);
      assertThat(r.getInstanceUid()).isEqualTo(temp);
      assertThat(ws.exchange(hello(fresh, 1, 1).build()).hasErrorResponse()).isFalse();
      assertThat(f.collector(Wire.uuid(fresh)).live().connected()).isTrue();
    }

    @Test
    void duplicateUidOnASecondLiveSocketGetsANewUid() {
      String token = f.mintMultiUse(5);
      ByteString uid = Wire.uid();
      Wire.Ws first = Wire.Ws.open(f.ws(), token);
      first.exchange(hello(uid, 0, 1).build());
      Wire.Ws clone = Wire.Ws.open(f.ws(), token);
      ServerToAgent r = clone.exchange(hello(uid, 0, 1).build());
      assertThat(r.getAgentIdentification().getNewInstanceUid().size()).isEqualTo(16);
      assertThat(r.getAgentIdentification().getNewInstanceUid()).isNotEqualTo(uid);
      assertThat(first.exchange(hello(uid, 1, 1).build()).hasAgentIdentification()).isFalse();
    }

    @Test
    void registrationRecordsAttributesLabelsAndStatus() {
      ByteString uid = Wire.uid();
      String id = Wire.uuid(uid);
      Wire.Ws ws = Wire.Ws.open(f.ws(), f.mint(Map.of("env", "prod")));
      ws.exchange(
          hello(uid, 0, MANAGED | REPORTS_HEALTH | REPORTS_EFFECTIVE_CONFIG)
              .setHealth(
                  ComponentHealth.newBuilder()
                      .setHealthy(true)
                      .setStatus("StatusOK")
                      .putComponentHealthMap(
                          "pipeline:traces", ComponentHealth.newBuilder().setHealthy(true).build()))
              .setEffectiveConfig(effective("receivers: {}\n"))
              .build());
      var c = f.collector(id);
      assertThat(c.attributes())
          .containsEntry("host.name", "web-01")
          .containsEntry("service.name", "otelcol-contrib");
      assertThat(c.labels()).containsEntry("env", "prod");
      assertThat(c.live().health().healthy()).isTrue();
      assertThat(c.live().health().components()).containsKey("pipeline:traces");
      assertThat(c.live().effectiveConfig().text()).isEqualTo("receivers: {}\n");
      assertThat(c.live().capabilities())
          .isEqualTo(MANAGED | REPORTS_HEALTH | REPORTS_EFFECTIVE_CONFIG);
      assertThat(f.events(id))
          .contains(CollectorEventType.REGISTERED, CollectorEventType.CONNECTED);
    }

    @Test
    void agentDisconnectAndSocketCloseMarkTheCollectorDisconnected() {
      ByteString a = Wire.uid();
      Wire.Ws ws = Wire.Ws.open(f.ws(), f.mint());
      ws.exchange(hello(a, 0, 1).build());
      ws.send(
          AgentToServer.newBuilder()
              .setInstanceUid(a)
              .setSequenceNum(1)
              .setCapabilities(1)
              .setAgentDisconnect(AgentDisconnect.getDefaultInstance())
              .build());
      ws.next();
      assertThat(f.collector(Wire.uuid(a)).live().connected()).isFalse();

      ByteString b = Wire.uid();
      Wire.Ws other = Wire.Ws.open(f.ws(), f.mint());
      other.exchange(hello(b, 0, 1).build());
      assertThat(f.collector(Wire.uuid(b)).live().connected()).isTrue();
      other.socket.sendClose(1000, "bye").join();
      other.closeCode();
      awaitDisconnected(Wire.uuid(b));
    }
  }

  void awaitDisconnected(String id) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (f.collector(id).live().connected()) {
      assertThat(System.nanoTime()).as("disconnected in time").isLessThan(deadline);
      Thread.onSpinWait();
    }
  }

  static EffectiveConfig effective(String yaml) {
    return EffectiveConfig.newBuilder()
        .setConfigMap(
            AgentConfigMap.newBuilder()
                .putConfigMap(
                    "",
                    AgentConfigFile.newBuilder().setBody(ByteString.copyFromUtf8(yaml)).build()))
        .build();
  }

  @Nested
  class RemoteConfig {
    @Test
    void sentOnlyToAgentsThatAcceptRemoteConfig() {
      f.putConfig("base", Map.of("env", "test"), OpampFixture.CONFIG);
      Wire.Ws ws = Wire.Ws.open(f.ws(), f.mintMultiUse(2));
      assertThat(ws.exchange(hello(Wire.uid(), 0, REPORTS_STATUS).build()).hasRemoteConfig())
          .isFalse();
      ByteString uid = Wire.uid();
      Wire.Ws managed = Wire.Ws.open(f.ws(), f.mint());
      ServerToAgent r = managed.exchange(hello(uid, 0, MANAGED).build());
      assertThat(r.hasRemoteConfig()).isTrue();
      AgentConfigFile file = r.getRemoteConfig().getConfig().getConfigMapMap().get("base");
      assertThat(file.getBody().toStringUtf8()).isEqualTo(OpampFixture.CONFIG);
      assertThat(file.getContentType()).isEqualTo("text/yaml");
      assertThat(Wire.hex(r.getRemoteConfig().getConfigHash()))
          .isEqualTo(f.collector(Wire.uuid(uid)).desiredConfigHash().hex());
    }

    @Test
    void noMatchingConfigSendsNone() {
      f.putConfig("prod-only", Map.of("env", "prod"), OpampFixture.CONFIG);
      Wire.Ws ws = Wire.Ws.open(f.ws(), f.mint());
      assertThat(ws.exchange(hello(Wire.uid(), 0, MANAGED).build()).hasRemoteConfig()).isFalse();
    }

    @Test
    void appliedStatusFlowsToTheDomainAndStopsResending() {
      f.putConfig("base", Map.of(), OpampFixture.CONFIG);
      ByteString uid = Wire.uid();
      Wire.Ws ws = Wire.Ws.open(f.ws(), f.mint());
      ByteString hash =
          ws.exchange(hello(uid, 0, MANAGED).build()).getRemoteConfig().getConfigHash();
      ServerToAgent applying =
          ws.exchange(status(uid, 1, hash, RemoteConfigStatuses.RemoteConfigStatuses_APPLYING, ""));
      assertThat(applying.hasRemoteConfig()).isFalse();
      ServerToAgent applied =
          ws.exchange(status(uid, 2, hash, RemoteConfigStatuses.RemoteConfigStatuses_APPLIED, ""));
      assertThat(applied.hasRemoteConfig()).isFalse();
      var c = f.collector(Wire.uuid(uid));
      assertThat(c.live().remoteConfigStatus().state()).isEqualTo(State.APPLIED);
      assertThat(c.live().appliedHash()).isEqualTo(c.desiredConfigHash());
      assertThat(f.events(Wire.uuid(uid)))
          .contains(CollectorEventType.CONFIG_APPLYING, CollectorEventType.CONFIG_APPLIED);
    }

    @Test
    void failedStatusIsRecordedWithItsMessage() {
      f.putConfig("base", Map.of(), OpampFixture.CONFIG);
      ByteString uid = Wire.uid();
      Wire.Ws ws = Wire.Ws.open(f.ws(), f.mint());
      ByteString hash =
          ws.exchange(hello(uid, 0, MANAGED).build()).getRemoteConfig().getConfigHash();
      ws.exchange(
          status(
              uid,
              1,
              hash,
              RemoteConfigStatuses.RemoteConfigStatuses_FAILED,
              "Config apply timeout exceeded"));
      var c = f.collector(Wire.uuid(uid));
      assertThat(c.live().remoteConfigStatus().state()).isEqualTo(State.FAILED);
      assertThat(c.live().remoteConfigStatus().errorMessage())
          .isEqualTo("Config apply timeout exceeded");
    }

    @Test
    void agentThatReportsTheDesiredHashGetsNoConfig() {
      f.putConfig("base", Map.of(), OpampFixture.CONFIG);
      ByteString uid = Wire.uid();
      Wire.Ws ws = Wire.Ws.open(f.ws(), f.mint());
      ByteString hash =
          ws.exchange(hello(uid, 0, MANAGED).build()).getRemoteConfig().getConfigHash();
      ws.socket.sendClose(1000, "restart").join();
      ws.closeCode();
      Wire.Ws again = Wire.Ws.open(f.ws(), f.mintMultiUse(1));
      // A restarted agent with the same hash must not get the config again (new token: other uid).
      ByteString other = Wire.uid();
      ServerToAgent r =
          again.exchange(
              hello(other, 0, MANAGED)
                  .setRemoteConfigStatus(
                      RemoteConfigStatus.newBuilder()
                          .setLastRemoteConfigHash(hash)
                          .setStatus(RemoteConfigStatuses.RemoteConfigStatuses_APPLIED))
                  .build());
      assertThat(r.hasRemoteConfig()).isFalse();
    }

    @Test
    void newConfigIsPushedAtOnceOnTheWebSocket() {
      ByteString uid = Wire.uid();
      Wire.Ws ws = Wire.Ws.open(f.ws(), f.mint());
      assertThat(ws.exchange(hello(uid, 0, MANAGED).build()).hasRemoteConfig()).isFalse();
      f.putConfig("base", Map.of("env", "test"), OpampFixture.CONFIG);
      ServerToAgent pushed = ws.next();
      assertThat(pushed.getInstanceUid()).isEqualTo(uid);
      assertThat(pushed.getRemoteConfig().getConfig().getConfigMapMap()).containsKey("base");
    }

    @Test
    void newConfigReachesAnHttpAgentInItsNextPoll() {
      ByteString uid = Wire.uid();
      String token = f.mint();
      assertThat(
              parse(post(f.http(), token, hello(uid, 0, MANAGED).build().toByteArray()))
                  .hasRemoteConfig())
          .isFalse();
      f.putConfig("base", Map.of(), OpampFixture.CONFIG);
      ServerToAgent next =
          parse(
              post(
                  f.http(),
                  token,
                  AgentToServer.newBuilder()
                      .setInstanceUid(uid)
                      .setSequenceNum(1)
                      .setCapabilities(MANAGED)
                      .build()
                      .toByteArray()));
      assertThat(next.getRemoteConfig().getConfig().getConfigMapMap()).containsKey("base");
      assertThat(next.getCapabilities() & 1).isEqualTo(1);
    }

    @Test
    void messagesAndPushesAreCounted() {
      RecordingServerMetrics metrics = new RecordingServerMetrics();
      try (OpampFixture g = new OpampFixture(b -> b.metrics(metrics))) {
        ByteString uid = Wire.uid();
        String token = g.mint();
        g.putConfig("base", Map.of(), OpampFixture.CONFIG);
        ServerToAgent first =
            parse(post(g.http(), token, hello(uid, 0, MANAGED).build().toByteArray()));
        assertThat(first.hasRemoteConfig()).isTrue();
        post(
            g.http(),
            token,
            AgentToServer.newBuilder()
                .setInstanceUid(uid)
                .setSequenceNum(1)
                .setCapabilities(MANAGED)
                .build()
                .toByteArray());
        assertThat(metrics.received(CollectorRuntime.OTELCOL)).isEqualTo(2);
        assertThat(metrics.sent(CollectorRuntime.OTELCOL)).isEqualTo(2);
        assertThat(metrics.pushed(CollectorRuntime.OTELCOL)).isEqualTo(1);
        assertThat(metrics.received(CollectorRuntime.ALLOY)).isZero();
      }
    }
  }

  static AgentToServer status(
      ByteString uid, long seq, ByteString hash, RemoteConfigStatuses s, String error) {
    return AgentToServer.newBuilder()
        .setInstanceUid(uid)
        .setSequenceNum(seq)
        .setCapabilities(MANAGED)
        .setRemoteConfigStatus(
            RemoteConfigStatus.newBuilder()
                .setLastRemoteConfigHash(hash)
                .setStatus(s)
                .setErrorMessage(error))
        .build();
  }

  @Nested
  class ConnectionSettings {
    @Test
    void offersOwnCredentialOwnMetricsAndHeartbeatWithCompleteSettings() {
      String token = f.mint();
      ByteString uid = Wire.uid();
      long caps = REPORTS_STATUS | REPORTS_OWN_METRICS | ACCEPTS_OPAMP_SETTINGS | REPORTS_HEARTBEAT;
      Wire.Ws ws = Wire.Ws.open(f.ws(), token);
      var offers = ws.exchange(hello(uid, 0, caps).build()).getConnectionSettings();
      assertThat(offers.getHash().size()).isEqualTo(32);
      assertThat(offers.getOpamp().getDestinationEndpoint()).isEqualTo(f.ws().toString());
      assertThat(offers.getOpamp().getHeartbeatIntervalSeconds()).isEqualTo(30);
      String auth = offers.getOpamp().getHeaders().getHeaders(0).getValue();
      assertThat(offers.getOpamp().getHeaders().getHeaders(0).getKey()).isEqualTo("Authorization");
      assertThat(auth).startsWith("Bearer ").isNotEqualTo("Bearer " + token);
      assertThat(offers.getOwnMetrics().getDestinationEndpoint())
          .isEqualTo("http://127.0.0.1:" + f.port + "/v1/metrics");
      assertThat(offers.getOwnMetrics().getHeaders().getHeaders(0).getValue()).isEqualTo(auth);
      assertThat(f.events(Wire.uuid(uid))).contains(CollectorEventType.OWN_METRICS_OFFERED);

      // The agent adopts the settings: it reconnects with its own credential and is the same
      // collector; the offer it gets is the same (same hash), so it does not re-apply it.
      ws.socket.sendClose(1000, "apply settings").join();
      ws.closeCode();
      Wire.Ws adopted = Wire.Ws.open(f.ws(), auth.substring("Bearer ".length()));
      ServerToAgent r = adopted.exchange(hello(uid, 0, caps).build());
      assertThat(r.hasErrorResponse()).isFalse();
      assertThat(r.getConnectionSettings().getHash()).isEqualTo(offers.getHash());
      assertThat(f.collector(Wire.uuid(uid)).live().connected()).isTrue();
    }

    @Test
    void heartbeatOnlyAgentGetsHeartbeatWithAValidEndpoint() {
      Wire.Ws ws = Wire.Ws.open(f.ws(), f.mint());
      var offers =
          ws.exchange(hello(Wire.uid(), 0, REPORTS_STATUS | REPORTS_HEARTBEAT).build())
              .getConnectionSettings();
      assertThat(offers.getOpamp().getHeartbeatIntervalSeconds()).isEqualTo(30);
      assertThat(offers.getOpamp().getDestinationEndpoint()).isNotEmpty();
      assertThat(offers.hasOwnMetrics()).isFalse();
    }

    @Test
    void agentWithoutSuchCapabilitiesGetsNoOffer() {
      Wire.Ws ws = Wire.Ws.open(f.ws(), f.mint());
      assertThat(ws.exchange(hello(Wire.uid(), 0, MANAGED).build()).hasConnectionSettings())
          .isFalse();
    }
  }

  @Nested
  class PlainHttp {
    @Test
    void contentTypeWithParametersIsAccepted() {
      HttpResponse<byte[]> r =
          post(
              f.http(),
              f.mint(),
              hello(Wire.uid(), 0, 1).build().toByteArray(),
              "Content-Type",
              "application/x-protobuf; charset=binary");
      assertThat(parse(r).getCapabilities() & 1).isEqualTo(1);
    }

    @Test
    void wrongContentTypeIs415() {
      assertThat(
              post(f.http(), f.mint(), new byte[0], "Content-Type", "application/json")
                  .statusCode())
          .isEqualTo(415);
    }

    @Test
    void undecodableBodyIs400() {
      assertThat(post(f.http(), f.mint(), new byte[] {(byte) 0xff, (byte) 0xff, 0x01}).statusCode())
          .isEqualTo(400);
    }

    @Test
    void gzipRequestBodyIsInflated() throws IOException {
      ByteString uid = Wire.uid();
      HttpResponse<byte[]> r =
          post(
              f.http(),
              f.mint(),
              gzip(hello(uid, 0, 1).build().toByteArray()),
              "Content-Encoding",
              "gzip");
      assertThat(parse(r).getInstanceUid()).isEqualTo(uid);
    }

    @Test
    void gzipBombIs413() throws IOException {
      byte[] bomb = gzip(new byte[10 * 1024 * 1024]);
      assertThat(bomb.length).isLessThan(64 * 1024);
      assertThat(post(f.http(), f.mint(), bomb, "Content-Encoding", "gzip").statusCode())
          .isEqualTo(413);
    }

    @Test
    void bodyOverTheLimitIs413() {
      assertThat(post(f.http(), f.mint(), new byte[65 * 1024]).statusCode()).isEqualTo(413);
    }

    @Test
    void largeResponseIsGzippedWhenAcceptedAndPlainOtherwise() throws IOException {
      f.putConfig("base", Map.of(), OpampFixture.CONFIG + "# " + "padding ".repeat(200) + "\n");
      String token = f.mintMultiUse(2);
      HttpResponse<byte[]> gz =
          post(
              f.http(),
              token,
              hello(Wire.uid(), 0, MANAGED).build().toByteArray(),
              "Accept-Encoding",
              "gzip");
      assertThat(gz.headers().firstValue("Content-Encoding")).hasValue("gzip");
      ServerToAgent s =
          ServerToAgent.parseFrom(
              new GZIPInputStream(new java.io.ByteArrayInputStream(gz.body())).readAllBytes());
      assertThat(s.hasRemoteConfig()).isTrue();
      HttpResponse<byte[]> plain =
          post(
              f.http(),
              token,
              hello(Wire.uid(), 0, MANAGED).build().toByteArray(),
              "Accept-Encoding",
              "identity");
      assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
      assertThat(parse(plain).hasRemoteConfig()).isTrue();
    }

    @Test
    void getWithoutUpgradeIs400OtherMethods405OtherPathsFallThrough() throws Exception {
      String token = f.mint();
      HttpResponse<String> get =
          Wire.CLIENT.send(
              HttpRequest.newBuilder(f.http())
                  .header("Authorization", "Bearer " + token)
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(get.statusCode()).isEqualTo(400);
      HttpResponse<String> put =
          Wire.CLIENT.send(
              HttpRequest.newBuilder(f.http()).PUT(HttpRequest.BodyPublishers.noBody()).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(put.statusCode()).isEqualTo(405);
      HttpResponse<String> other =
          Wire.CLIENT.send(
              HttpRequest.newBuilder(f.http().resolve("/elsewhere")).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(other.statusCode()).isEqualTo(404);
    }

    @Test
    void silentHttpAgentIsMarkedDisconnectedAfterThreeIntervals() {
      ByteString uid = Wire.uid();
      assertThat(post(f.http(), f.mint(), hello(uid, 0, 1).build().toByteArray()).statusCode())
          .isEqualTo(200);
      assertThat(f.collector(Wire.uuid(uid)).live().connected()).isTrue();
      f.clock.advance(Duration.ofSeconds(89));
      assertThat(f.opamp.machine().sweep()).isZero();
      f.clock.advance(Duration.ofSeconds(2));
      assertThat(f.opamp.machine().sweep()).isEqualTo(1);
      assertThat(f.collector(Wire.uuid(uid)).live().connected()).isFalse();
      assertThat(f.opamp.agentCount()).isZero();
    }

    @Test
    void pollersAreSweptAfterThreeOfTheirOwnIntervals() {
      try (OpampFixture g = new OpampFixture(b -> b.httpPollInterval(Duration.ofSeconds(10)))) {
        String token = g.mintMultiUse(2);
        ByteString beating = Wire.uid();
        ByteString plain = Wire.uid();
        var offer =
            parse(
                    post(
                        g.http(),
                        token,
                        hello(beating, 0, REPORTS_STATUS | REPORTS_HEARTBEAT)
                            .build()
                            .toByteArray()))
                .getConnectionSettings()
                .getOpamp();
        assertThat(offer.getHeartbeatIntervalSeconds()).isEqualTo(10);
        assertThat(offer.getDestinationEndpoint()).isEqualTo(g.http().toString());
        post(g.http(), token, hello(plain, 0, REPORTS_STATUS).build().toByteArray());
        g.clock.advance(Duration.ofSeconds(31));
        assertThat(g.opamp.machine().sweep()).isEqualTo(1);
        assertThat(g.collector(Wire.uuid(beating)).live().connected()).isFalse();
        assertThat(g.collector(Wire.uuid(plain)).live().connected()).isTrue();
        g.clock.advance(Duration.ofSeconds(60));
        assertThat(g.opamp.machine().sweep()).isEqualTo(1);
        assertThat(g.collector(Wire.uuid(plain)).live().connected()).isFalse();
      }
    }

    @Test
    void pollersAreOfferedThePollIntervalAndSocketsTheHeartbeat() {
      try (OpampFixture g =
          new OpampFixture(
              b -> b.heartbeat(Duration.ofSeconds(40)).httpPollInterval(Duration.ofSeconds(3)))) {
        String token = g.mintMultiUse(2);
        long caps = REPORTS_STATUS | REPORTS_HEARTBEAT;
        ServerToAgent polled =
            parse(post(g.http(), token, hello(Wire.uid(), 0, caps).build().toByteArray()));
        assertThat(polled.getConnectionSettings().getOpamp().getHeartbeatIntervalSeconds())
            .isEqualTo(3);
        Wire.Ws ws = Wire.Ws.open(g.ws(), token);
        assertThat(
                ws.exchange(hello(Wire.uid(), 0, caps).build())
                    .getConnectionSettings()
                    .getOpamp()
                    .getHeartbeatIntervalSeconds())
            .isEqualTo(40);
      }
    }

    @Test
    void pollIntervalDefaultsToFiveSecondsAndShowsInTheCollectorView() {
      ByteString uid = Wire.uid();
      ServerToAgent r =
          parse(
              post(
                  f.http(),
                  f.mint(),
                  hello(uid, 0, REPORTS_STATUS | REPORTS_HEARTBEAT).build().toByteArray()));
      assertThat(r.getConnectionSettings().getOpamp().getHeartbeatIntervalSeconds()).isEqualTo(5);
      assertThat(f.collector(Wire.uuid(uid)).live().pollInterval())
          .isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void labelAndSelectorChangesDoNotChangeTheOffer() {
      ByteString uid = Wire.uid();
      String token = f.mint();
      long caps = MANAGED | REPORTS_HEARTBEAT | ACCEPTS_OPAMP_SETTINGS;
      ServerToAgent first = parse(post(f.http(), token, hello(uid, 0, caps).build().toByteArray()));
      ByteString hash = first.getConnectionSettings().getHash();
      assertThat(hash).isNotEmpty();
      String credential =
          first
              .getConnectionSettings()
              .getOpamp()
              .getHeaders()
              .getHeaders(0)
              .getValue()
              .substring("Bearer ".length());
      assertThat(
              f.domain
                  .fleet()
                  .setLabels(
                      new SetCollectorLabelsCommand(
                          Actor.system(), CollectorId.of(Wire.uuid(uid)), Map.of("tier", "edge"))))
          .isPresent();
      f.putConfig("edge", Map.of("tier", "edge"), OpampFixture.CONFIG);
      // The supervisor adopts the credential and restarts its client: a fresh first message.
      ServerToAgent next =
          parse(post(f.http(), credential, hello(uid, 0, caps).build().toByteArray()));
      assertThat(next.getRemoteConfig().getConfig().getConfigMapMap()).containsKey("edge");
      assertThat(
              !next.hasConnectionSettings() || next.getConnectionSettings().getHash().equals(hash))
          .as("offer unchanged")
          .isTrue();
      ServerToAgent again =
          parse(post(f.http(), credential, hello(uid, 1, caps).build().toByteArray()));
      assertThat(again.hasConnectionSettings()).isFalse();
    }

    @Test
    void requestInstanceUidOverHttpGetsANewUid() {
      ByteString temp = Wire.uid();
      ServerToAgent r =
          parse(post(f.http(), f.mint(), hello(temp, 0, 1).setFlags(0x1).build().toByteArray()));
      assertThat(r.getInstanceUid()).isEqualTo(temp);
      assertThat(r.getAgentIdentification().getNewInstanceUid().size()).isEqualTo(16);
      assertThat(f.opamp.agentCount()).isZero();
    }

    @Test
    void credentialOfAnotherCollectorIs403() {
      ByteString a = Wire.uid();
      ServerToAgent r =
          parse(
              post(
                  f.http(),
                  f.mint(),
                  hello(a, 0, REPORTS_STATUS | ACCEPTS_OPAMP_SETTINGS).build().toByteArray()));
      String credential =
          r.getConnectionSettings()
              .getOpamp()
              .getHeaders()
              .getHeaders(0)
              .getValue()
              .substring("Bearer ".length());
      assertThat(r.getConnectionSettings().getOpamp().getDestinationEndpoint())
          .isEqualTo(f.http().toString());
      assertThat(
              post(f.http(), credential, hello(Wire.uid(), 0, 1).build().toByteArray())
                  .statusCode())
          .isEqualTo(403);
      assertThat(post(f.http(), credential, hello(a, 1, 1).build().toByteArray()).statusCode())
          .isEqualTo(200);
    }

    @Test
    void agentDisconnectOverHttpForgetsTheAgent() {
      ByteString uid = Wire.uid();
      String token = f.mint();
      post(f.http(), token, hello(uid, 0, 1).build().toByteArray());
      ServerToAgent r =
          parse(
              post(
                  f.http(),
                  token,
                  hello(uid, 1, 1)
                      .setAgentDisconnect(AgentDisconnect.getDefaultInstance())
                      .build()
                      .toByteArray()));
      assertThat(r.getInstanceUid()).isEqualTo(uid);
      assertThat(f.collector(Wire.uuid(uid)).live().connected()).isFalse();
      assertThat(f.opamp.agentCount()).isZero();
    }
  }

  static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    }
    return out.toByteArray();
  }

  static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
