package io.linkmesh.domain.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.linkmesh.domain.fleet.CollectorId;
import io.linkmesh.domain.port.in.AuthenticateCollectorCommand;
import io.linkmesh.domain.port.in.CollectorAuthentication;
import io.linkmesh.domain.port.in.ConnectCollectorCommand.CredentialRequest;
import io.linkmesh.domain.port.in.ConnectOutcome;
import io.linkmesh.domain.port.in.DeregisterCollectorCommand;
import io.linkmesh.domain.port.in.RecordOwnMetricsCommand;
import io.linkmesh.domain.port.in.RecordOwnMetricsOutcome;
import io.linkmesh.domain.port.in.Refusal;
import io.linkmesh.domain.port.in.RevokeEnrollmentTokenCommand;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Issue #14 item 3: what an enrollment token may still do once it enrolled collectors. */
class RevocationTest {
  final DomainFixture f = new DomainFixture();

  String credentialOf(String token, String id) {
    ConnectOutcome outcome = f.connect(token, id, Map.of(), CredentialRequest.IF_MISSING);
    String issued = ((ConnectOutcome.Connected) outcome).issuedCredential();
    assertThat(issued).as("credential issued to %s", id).isNotNull();
    return issued;
  }

  CollectorAuthentication authenticate(String secret) {
    return f.domain.fleet().authenticate(new AuthenticateCollectorCommand(secret));
  }

  static String tokenId(String token) {
    return token.split("_")[1];
  }

  void revoke(String token) {
    assertThat(
            f.domain
                .enrollment()
                .revoke(new RevokeEnrollmentTokenCommand(DomainFixture.ALICE, tokenId(token))))
        .isTrue();
  }

  static Refusal refusal(ConnectOutcome outcome) {
    assertThat(outcome).isInstanceOf(ConnectOutcome.Refused.class);
    return ((ConnectOutcome.Refused) outcome).reason();
  }

  @Nested
  class OnceACollectorHoldsItsOwnCredential {
    @Test
    void aSharedTokenNoLongerConnectsIt() {
      String token = f.mintToken(5, Map.of());
      String credential = credentialOf(token, "c-1");

      ConnectOutcome withToken = f.connect(token, "c-1");

      assertThat(refusal(withToken)).isEqualTo(Refusal.UNAUTHENTICATED);
      assertThat(((ConnectOutcome.Refused) withToken).message()).contains("deregister");
      assertThat(f.connect(credential, "c-1")).isInstanceOf(ConnectOutcome.Connected.class);
    }

    @Test
    void aSingleUseTokenAuthenticatesNoOneAtAll() {
      String token = f.mintToken(null, Map.of());
      credentialOf(token, "c-1");

      CollectorAuthentication auth = authenticate(token);

      assertThat(auth).isInstanceOf(CollectorAuthentication.Refused.class);
      assertThat(((CollectorAuthentication.Refused) auth).reason())
          .isEqualTo(Refusal.UNAUTHENTICATED);
    }

    @Test
    void aSharedTokenCannotPostItsMetrics() {
      String token = f.mintToken(5, Map.of());
      credentialOf(token, "c-1");
      f.connect(token, "c-2");
      CollectorAuthentication auth = authenticate(token);

      RecordOwnMetricsOutcome asOther =
          f.domain
              .throughput()
              .record(
                  new RecordOwnMetricsCommand(
                      auth, Map.of(RecordOwnMetricsCommand.SERVICE_INSTANCE_ID, "c-1"), List.of()));

      assertThat(asOther).isInstanceOf(RecordOwnMetricsOutcome.Rejected.class);
      assertThat(((CollectorAuthentication.Enrollment) auth).enrolled())
          .containsExactly(CollectorId.of("c-2"));
    }

    @Test
    void oneThatLostItComesBackAfterDeregistrationWithANewToken() {
      String token = f.mintToken(null, Map.of());
      String lost = credentialOf(token, "c-1");
      f.domain
          .fleet()
          .deregister(new DeregisterCollectorCommand(DomainFixture.ALICE, CollectorId.of("c-1")));

      String fresh = credentialOf(f.mintToken(null, Map.of()), "c-1");

      assertThat(f.connect(fresh, "c-1")).isInstanceOf(ConnectOutcome.Connected.class);
      assertThat(authenticate(lost)).isInstanceOf(CollectorAuthentication.Refused.class);
    }
  }

  @Nested
  class CollectorsWithoutACredential {
    @Test
    void expiryEndsNewEnrollmentsOnly() {
      String token = f.mintToken(5, Map.of());
      f.connect(token, "c-1");
      f.advance(Duration.ofHours(2));

      assertThat(f.connect(token, "c-1")).isInstanceOf(ConnectOutcome.Connected.class);
      assertThat(refusal(f.connect(token, "c-2"))).isEqualTo(Refusal.EXPIRED);
    }

    @Test
    void revocationCutsOffTheCollectorsItEnrolled() {
      String token = f.mintToken(5, Map.of());
      f.connect(token, "c-1");
      credentialOf(token, "c-2");
      assertThat(f.domain.enrollment().dependents(tokenId(token)))
          .as("listed before the revocation is confirmed")
          .containsExactly(CollectorId.of("c-1"));

      revoke(token);

      assertThat(refusal(f.connect(token, "c-1"))).isEqualTo(Refusal.REVOKED);
      assertThat(authenticate(token)).isInstanceOf(CollectorAuthentication.Refused.class);
    }

    @Test
    void revocationCutsOffASingleUseTokensCollectorAfterExpiryToo() {
      String token = f.mintToken(null, Map.of());
      f.connect(token, "c-1");
      f.advance(Duration.ofHours(2));
      revoke(token);

      assertThat(refusal(f.connect(token, "c-1"))).isEqualTo(Refusal.REVOKED);
    }

    @Test
    void aCutOffCollectorComesBackWithANewToken() {
      String old = f.mintToken(5, Map.of());
      f.connect(old, "c-1");
      revoke(old);
      String fresh = f.mintToken(null, Map.of("env", "new"));

      ConnectOutcome back = f.connect(fresh, "c-1");

      assertThat(back).isInstanceOf(ConnectOutcome.Connected.class);
      assertThat(((ConnectOutcome.Connected) back).collector().labels())
          .containsEntry("env", "new");
      assertThat(f.domain.enrollment().dependents(tokenId(fresh)))
          .containsExactly(CollectorId.of("c-1"));
      assertThat(f.domain.enrollment().dependents(tokenId(old))).isEmpty();
      assertThat(f.connect(fresh, "c-1"))
          .as("the new token is now its secret")
          .isInstanceOf(ConnectOutcome.Connected.class);
    }

    @Test
    void aNewTokenCannotTakeOverACollectorWhoseTokenStillStands() {
      String old = f.mintToken(5, Map.of());
      f.connect(old, "c-1");

      assertThat(refusal(f.connect(f.mintToken(null, Map.of()), "c-1")))
          .isEqualTo(Refusal.WRONG_COLLECTOR);
    }
  }

  @Test
  void aSingleUseTokenIsBoundToTheOneCollectorThatUsedIt() {
    String token = f.mintToken(null, Map.of());
    f.connect(token, "c-1");

    assertThat(refusal(f.connect(token, "c-2"))).isEqualTo(Refusal.USED_UP);
    assertThat(((CollectorAuthentication.Enrollment) authenticate(token)).enrolled())
        .containsExactly(CollectorId.of("c-1"));
  }
}
