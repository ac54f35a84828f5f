package io.linkmesh.opamp;

import static io.linkmesh.opamp.Wire.hello;
import static io.linkmesh.opamp.Wire.parse;
import static io.linkmesh.opamp.Wire.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.linkmesh.wire.opamp.proto.AgentCapabilities;
import io.linkmesh.wire.opamp.proto.ComponentHealth;
import io.linkmesh.wire.opamp.proto.ServerToAgent;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue #14 item 3 over OpAMP, with real clients on a real Jetty: an enrollment token stops
 * authenticating a collector once it holds its own credential, a revocation ends every use of the
 * token, and a shared token cannot act for a collector that holds a credential.
 */
class TokenRevocationTest {
  static final long REPORTS_STATUS = AgentCapabilities.AgentCapabilities_ReportsStatus_VALUE;
  static final long ACCEPTS_OPAMP_SETTINGS =
      AgentCapabilities.AgentCapabilities_AcceptsOpAMPConnectionSettings_VALUE;
  static final long REPORTS_HEALTH = AgentCapabilities.AgentCapabilities_ReportsHealth_VALUE;
  static final long TAKES_CREDENTIAL = REPORTS_STATUS | ACCEPTS_OPAMP_SETTINGS;

  OpampFixture f;

  @BeforeEach
  void start() {
    f = new OpampFixture();
  }

  @AfterEach
  void stop() {
    f.close();
  }

  static String offeredCredential(ServerToAgent reply) {
    return reply
        .getConnectionSettings()
        .getOpamp()
        .getHeaders()
        .getHeaders(0)
        .getValue()
        .substring("Bearer ".length());
  }

  static int handshakeStatus(Throwable t) {
    Throwable c = t instanceof CompletionException ? t.getCause() : t;
    return ((WebSocketHandshakeException) c).getResponse().statusCode();
  }

  static String text(HttpResponse<byte[]> response) {
    return new String(response.body(), StandardCharsets.UTF_8);
  }

  @Test
  void theTokenNoLongerAuthenticatesAnAgentThatTookItsCredential() {
    String token = f.mintMultiUse(5);
    ByteString a = Wire.uid();
    String credential =
        offeredCredential(
            parse(post(f.http(), token, hello(a, 0, TAKES_CREDENTIAL).build().toByteArray())));
    assertThat(
            post(f.http(), credential, hello(a, 1, TAKES_CREDENTIAL).build().toByteArray())
                .statusCode())
        .isEqualTo(200);

    HttpResponse<byte[]> withToken =
        post(f.http(), token, hello(a, 2, TAKES_CREDENTIAL).build().toByteArray());

    assertThat(withToken.statusCode()).as(text(withToken)).isEqualTo(401);
    assertThat(text(withToken)).contains("credential of its own");
    // Nor over WebSocket: the upgrade passes (the token still enrolls new collectors), the agent
    // is refused.
    Wire.Ws ws = Wire.Ws.open(f.ws(), token);
    assertThat(
            ws.exchange(hello(a, 3, TAKES_CREDENTIAL).build()).getErrorResponse().getErrorMessage())
        .contains("credential of its own");
    assertThat(ws.closeCode()).isEqualTo(1008);
  }

  @Test
  void aSharedTokenCannotPostHealthForAnAgentThatHoldsItsCredential() {
    String token = f.mintMultiUse(5);
    ByteString a = Wire.uid();
    String credential =
        offeredCredential(
            parse(post(f.http(), token, hello(a, 0, TAKES_CREDENTIAL).build().toByteArray())));
    post(f.http(), credential, hello(a, 1, TAKES_CREDENTIAL).build().toByteArray());

    HttpResponse<byte[]> impostor =
        post(
            f.http(),
            token,
            hello(a, 2, TAKES_CREDENTIAL | REPORTS_HEALTH)
                .setHealth(ComponentHealth.newBuilder().setHealthy(false).setLastError("forged"))
                .build()
                .toByteArray());

    assertThat(impostor.statusCode()).as(text(impostor)).isEqualTo(401);
    var health = f.collector(Wire.uuid(a)).live().health();
    assertThat(health == null ? "" : health.lastError()).doesNotContain("forged");
  }

  @Test
  void aSharedTokenCannotPostForAnAgentStillHandingOverToItsCredential() {
    String token = f.mintMultiUse(5);
    ByteString a = Wire.uid();
    // The agent has been offered its credential but has not come back with it yet.
    parse(post(f.http(), token, hello(a, 0, TAKES_CREDENTIAL).build().toByteArray()));

    HttpResponse<byte[]> impostor =
        post(f.http(), token, hello(a, 1, TAKES_CREDENTIAL).build().toByteArray());

    assertThat(impostor.statusCode()).as(text(impostor)).isEqualTo(401);
  }

  @Test
  void revocationRefusesAnHttpAgentWhoseOnlySecretTheTokenIs() {
    String token = f.mintMultiUse(5);
    ByteString a = Wire.uid();
    assertThat(
            post(f.http(), token, hello(a, 0, REPORTS_STATUS).build().toByteArray()).statusCode())
        .isEqualTo(200);

    f.revoke(token);

    HttpResponse<byte[]> after =
        post(f.http(), token, hello(a, 1, REPORTS_STATUS).build().toByteArray());
    assertThat(after.statusCode()).as(text(after)).isEqualTo(401);
    assertThat(text(after)).contains("revoked");
  }

  @Test
  void revocationClosesAnOpenWebSocketAtItsNextMessage() {
    String token = f.mintMultiUse(5);
    ByteString a = Wire.uid();
    Wire.Ws ws = Wire.Ws.open(f.ws(), token);
    assertThat(ws.exchange(hello(a, 0, REPORTS_STATUS).build()).hasErrorResponse()).isFalse();

    f.revoke(token);

    assertThat(
            ws.exchange(hello(a, 1, REPORTS_STATUS).build()).getErrorResponse().getErrorMessage())
        .contains("revoked");
    assertThat(ws.closeCode()).isEqualTo(1008);
    assertThatThrownBy(() -> Wire.Ws.open(f.ws(), token))
        .satisfies(t -> assertThat(handshakeStatus(t)).isEqualTo(401));
  }

  @Test
  void expiryLeavesAnAgentWhoseOnlySecretTheTokenIsConnected() {
    String token = f.mint();
    ByteString a = Wire.uid();
    post(f.http(), token, hello(a, 0, REPORTS_STATUS).build().toByteArray());
    f.clock.advance(java.time.Duration.ofHours(2));

    assertThat(
            post(f.http(), token, hello(a, 1, REPORTS_STATUS).build().toByteArray()).statusCode())
        .isEqualTo(200);
    assertThat(
            post(f.http(), token, hello(Wire.uid(), 0, REPORTS_STATUS).build().toByteArray())
                .statusCode())
        .as("but it enrolls no one new")
        .isEqualTo(401);
  }

  @Test
  void aSupervisorThatLostItsCredentialComesBackWithANewTokenAfterDeregistration() {
    String token = f.mint();
    ByteString a = Wire.uid();
    String lost =
        offeredCredential(
            parse(post(f.http(), token, hello(a, 0, TAKES_CREDENTIAL).build().toByteArray())));
    HttpResponse<byte[]> oldToken =
        post(f.http(), token, hello(a, 1, TAKES_CREDENTIAL).build().toByteArray());
    assertThat(oldToken.statusCode()).isEqualTo(401);
    assertThat(text(oldToken)).contains("deregister");

    f.deregister(Wire.uuid(a));
    String fresh =
        offeredCredential(
            parse(post(f.http(), f.mint(), hello(a, 0, TAKES_CREDENTIAL).build().toByteArray())));

    assertThat(fresh).isNotEqualTo(lost);
    assertThat(
            post(f.http(), fresh, hello(a, 1, TAKES_CREDENTIAL).build().toByteArray()).statusCode())
        .isEqualTo(200);
    assertThat(
            post(f.http(), lost, hello(a, 2, TAKES_CREDENTIAL).build().toByteArray()).statusCode())
        .isEqualTo(401);
    assertThat(f.collector(Wire.uuid(a)).live().connected()).isTrue();
  }

  @Test
  void withTheJavaOpampClientALostCredentialIsRefusedAndANewTokenAfterDeregistrationBringsItBack()
      throws Exception {
    String token = f.mint();
    byte[] uid = Wire.uid().toByteArray();
    String id = Wire.uuid(ByteString.copyFrom(uid));
    String lost;
    try (JavaOpampAgent agent = new JavaOpampAgent(f.http(), uid, token, TAKES_CREDENTIAL)) {
      Await.until("the agent adopted its credential", () -> !agent.bearer.get().equals(token));
      lost = agent.bearer.get();
      Await.until("it polls with its credential", () -> f.collector(id).live().connected());
    }
    // Its storage is wiped: it starts again with the token it was installed with.
    try (JavaOpampAgent wiped = new JavaOpampAgent(f.http(), uid, token, TAKES_CREDENTIAL)) {
      assertThat(wiped.awaitRefusal()).isEqualTo(401);
    }

    f.deregister(id);
    String fresh = f.mint();
    try (JavaOpampAgent back = new JavaOpampAgent(f.http(), uid, fresh, TAKES_CREDENTIAL)) {
      Await.until("a new credential", () -> !back.bearer.get().equals(fresh));
      Await.until("connected again", () -> f.collector(id).live().connected());
      assertThat(back.bearer.get()).isNotEqualTo(lost);
    }
    assertThat(
            post(f.http(), lost, hello(ByteString.copyFrom(uid), 9, 1).build().toByteArray())
                .statusCode())
        .as("the lost credential stays refused")
        .isEqualTo(401);
  }

  @Test
  void anHttpAgentSwitchingToItsCredentialIsNotSentTheSameConfigAgain() {
    f.putConfig("base", java.util.Map.of("env", "test"), OpampFixture.CONFIG);
    String token = f.mint();
    ByteString a = Wire.uid();
    long caps = TAKES_CREDENTIAL | 0x2; // AcceptsRemoteConfig
    ServerToAgent first = parse(post(f.http(), token, hello(a, 0, caps).build().toByteArray()));
    assertThat(first.hasRemoteConfig()).isTrue();

    ServerToAgent second =
        parse(
            post(
                f.http(),
                offeredCredential(first),
                io.linkmesh.wire.opamp.proto.AgentToServer.newBuilder()
                    .setInstanceUid(a)
                    .setSequenceNum(1)
                    .setCapabilities(caps)
                    .build()
                    .toByteArray()));

    assertThat(second.hasRemoteConfig()).as("the config it was sent a moment ago").isFalse();
    assertThat(second.getFlags() & 0x1).as("no full state asked: the session goes on").isZero();
  }
}
