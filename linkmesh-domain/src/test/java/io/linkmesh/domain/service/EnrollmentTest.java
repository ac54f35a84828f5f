package io.linkmesh.domain.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.linkmesh.domain.audit.AuditAction;
import io.linkmesh.domain.audit.AuditEntry;
import io.linkmesh.domain.fleet.CollectorEventType;
import io.linkmesh.domain.fleet.CollectorId;
import io.linkmesh.domain.port.in.AuthenticateCollectorCommand;
import io.linkmesh.domain.port.in.CollectorAuthentication;
import io.linkmesh.domain.port.in.ConnectCollectorCommand.CredentialRequest;
import io.linkmesh.domain.port.in.ConnectOutcome;
import io.linkmesh.domain.port.in.DeregisterCollectorCommand;
import io.linkmesh.domain.port.in.Refusal;
import io.linkmesh.domain.port.in.RevokeEnrollmentTokenCommand;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class EnrollmentTest {
  final DomainFixture f = new DomainFixture();

  @Nested
  class SingleUseToken {
    @Test
    void registersTheFirstCollectorWithTheTokensLabels() {
      String token = f.mintToken(null, Map.of("env", "prod"));
      ConnectOutcome outcome = f.connect(token, "c-1");
      assertThat(outcome).isInstanceOf(ConnectOutcome.Connected.class);
      ConnectOutcome.Connected connected = (ConnectOutcome.Connected) outcome;
      assertThat(connected.registered()).isTrue();
      assertThat(connected.collector().labels()).containsEntry("env", "prod");
      assertThat(connected.collector().live().connected()).isTrue();
      assertThat(f.domain.fleet().events(CollectorId.of("c-1"), 10))
          .extracting(e -> e.type())
          .containsExactly(CollectorEventType.CONNECTED, CollectorEventType.REGISTERED);
      assertThat(f.audit.all())
          .extracting(AuditEntry::action)
          .contains(AuditAction.COLLECTOR_ENROLL);
    }

    @Test
    void keepsAuthenticatingTheCollectorItEnrolledEvenAfterExpiry() {
      String token = f.mintToken(null, Map.of());
      f.connect(token, "c-1");
      f.advance(Duration.ofHours(2));
      ConnectOutcome again = f.connect(token, "c-1");
      assertThat(again).isInstanceOf(ConnectOutcome.Connected.class);
      assertThat(((ConnectOutcome.Connected) again).registered()).isFalse();
    }

    @Test
    void anotherCollectorGetsGone() {
      String token = f.mintToken(null, Map.of());
      f.connect(token, "c-1");
      ConnectOutcome second = f.connect(token, "c-2");
      assertThat(second).isInstanceOf(ConnectOutcome.Refused.class);
      assertThat(((ConnectOutcome.Refused) second).reason()).isEqualTo(Refusal.USED_UP);
      assertThat(f.domain.fleet().collector(CollectorId.of("c-2"))).isEmpty();
    }

    @Test
    void expiresAfterFifteenMinutesForNewCollectors() {
      String token = f.mintToken(null, Map.of());
      f.advance(Duration.ofMinutes(15));
      CollectorAuthentication auth =
          f.domain.fleet().authenticate(new AuthenticateCollectorCommand(token));
      assertThat(auth).isInstanceOf(CollectorAuthentication.Refused.class);
      assertThat(((CollectorAuthentication.Refused) auth).reason()).isEqualTo(Refusal.EXPIRED);
    }
  }

  @Test
  void aMultiUseTokenStopsAtItsMaximum() {
    String token = f.mintToken(3, Map.of());
    assertThat(f.connect(token, "c-1")).isInstanceOf(ConnectOutcome.Connected.class);
    assertThat(f.connect(token, "c-2")).isInstanceOf(ConnectOutcome.Connected.class);
    assertThat(f.connect(token, "c-3")).isInstanceOf(ConnectOutcome.Connected.class);
    ConnectOutcome fourth = f.connect(token, "c-4");
    assertThat(((ConnectOutcome.Refused) fourth).reason()).isEqualTo(Refusal.USED_UP);
    assertThat(f.connect(token, "c-2"))
        .as("the enrolled ones still connect")
        .isInstanceOf(ConnectOutcome.Connected.class);
  }

  @Test
  void collectorsEnrollingAtOnceWithAMultiUseTokenAllGetIn() throws Exception {
    String token = f.mintToken(0, Map.of("fleet", "edge"));
    var outcomes = io.linkmesh.domain.testing.Race.of(48, i -> f.connect(token, "c-" + i));
    assertThat(outcomes).allMatch(o -> o instanceof ConnectOutcome.Connected);
    assertThat(f.domain.fleet().collectors(io.linkmesh.domain.port.in.CollectorFilter.ALL))
        .hasSize(48)
        .allMatch(c -> c.labels().equals(Map.of("fleet", "edge")));
    String id = token.split("_")[1];
    assertThat(f.domain.enrollment().enrollmentToken(id).orElseThrow().uses()).isEqualTo(48);
    assertThat(f.domain.configs().history(null, 100).items())
        .as("batched registrations need at most one revision each")
        .hasSizeLessThanOrEqualTo(49);
    assertThat(f.audit.all().stream().filter(e -> e.action().equals(AuditAction.COLLECTOR_ENROLL)))
        .hasSize(48);
  }

  @Test
  void collectorsRacingForASingleUseTokenHaveExactlyOneWinner() throws Exception {
    String token = f.mintToken(null, Map.of());
    var outcomes = io.linkmesh.domain.testing.Race.of(8, i -> f.connect(token, "c-" + i));
    assertThat(outcomes.stream().filter(o -> o instanceof ConnectOutcome.Connected)).hasSize(1);
    assertThat(outcomes.stream().filter(o -> o instanceof ConnectOutcome.Refused))
        .hasSize(7)
        .allMatch(o -> ((ConnectOutcome.Refused) o).reason() == Refusal.USED_UP);
  }

  @Test
  void theSameNewCollectorTwiceAtOnceIsRegisteredOnce() throws Exception {
    String token = f.mintToken(5, Map.of());
    var outcomes = io.linkmesh.domain.testing.Race.of(4, i -> f.connect(token, "same"));
    assertThat(outcomes.stream().filter(o -> o instanceof ConnectOutcome.Connected)).isNotEmpty();
    String id = token.split("_")[1];
    assertThat(f.domain.enrollment().enrollmentToken(id).orElseThrow().uses()).isEqualTo(1);
  }

  @Test
  void aRevokedTokenEnrollsNoOne() {
    String token = f.mintToken(5, Map.of());
    String id = token.split("_")[1];
    f.domain.enrollment().revoke(new RevokeEnrollmentTokenCommand(DomainFixture.ALICE, id));
    ConnectOutcome outcome = f.connect(token, "c-1");
    assertThat(((ConnectOutcome.Refused) outcome).reason()).isEqualTo(Refusal.REVOKED);
  }

  @Test
  void aTokenCannotTakeOverACollectorEnrolledByAnother() {
    String first = f.mintToken(null, Map.of());
    String second = f.mintToken(null, Map.of());
    f.connect(first, "c-1");
    ConnectOutcome outcome = f.connect(second, "c-1");
    assertThat(((ConnectOutcome.Refused) outcome).reason()).isEqualTo(Refusal.WRONG_COLLECTOR);
  }

  @Test
  void unknownAndMalformedSecretsAreRefused() {
    for (String secret : new String[] {"", "nope", "lme_abcdefgh_" + "x".repeat(40), "Bearer x"}) {
      CollectorAuthentication auth =
          f.domain.fleet().authenticate(new AuthenticateCollectorCommand(secret));
      assertThat(auth).as(secret).isInstanceOf(CollectorAuthentication.Refused.class);
    }
  }

  @Test
  void aDeregisteredCollectorEnrollsAgainWithANewToken() {
    String first = f.mintToken(null, Map.of());
    f.connect(first, "c-1");
    f.domain
        .fleet()
        .deregister(new DeregisterCollectorCommand(DomainFixture.ALICE, CollectorId.of("c-1")));
    String second = f.mintToken(null, Map.of("env", "new"));
    ConnectOutcome again = f.connect(second, "c-1");
    assertThat(again).isInstanceOf(ConnectOutcome.Connected.class);
    assertThat(((ConnectOutcome.Connected) again).registered()).isTrue();
    assertThat(((ConnectOutcome.Connected) again).collector().labels()).containsEntry("env", "new");
  }

  @Test
  void aDeregisteredCollectorCannotComeBackWithAMultiUseTokenThatStillEnrollsOthers() {
    String token = f.mintToken(5, Map.of());
    f.connect(token, "c-1");
    f.domain
        .fleet()
        .deregister(new DeregisterCollectorCommand(DomainFixture.ALICE, CollectorId.of("c-1")));

    ConnectOutcome again = f.connect(token, "c-1");

    assertThat(again).isInstanceOf(ConnectOutcome.Refused.class);
    assertThat(((ConnectOutcome.Refused) again).reason()).isEqualTo(Refusal.DEREGISTERED);
    assertThat(f.domain.fleet().collector(CollectorId.of("c-1"))).isEmpty();
    assertThat(f.connect(token, "c-2"))
        .as("the token still enrolls other collectors")
        .isInstanceOf(ConnectOutcome.Connected.class);
  }

  @Test
  void aDeregisteredCollectorsTokenSaysDeregisteredBeforeItsIdIsKnown() {
    String token = f.mintToken(null, Map.of());
    f.connect(token, "c-1");
    f.domain
        .fleet()
        .deregister(new DeregisterCollectorCommand(DomainFixture.ALICE, CollectorId.of("c-1")));
    CollectorAuthentication auth =
        f.domain.fleet().authenticate(new AuthenticateCollectorCommand(token));
    assertThat(((CollectorAuthentication.Refused) auth).reason()).isEqualTo(Refusal.DEREGISTERED);
  }

  @Nested
  class Credentials {
    @Test
    void anIssuedCredentialAuthenticatesOnlyItsCollector() {
      String token = f.mintToken(null, Map.of());
      ConnectOutcome.Connected connected =
          (ConnectOutcome.Connected)
              f.connect(token, "c-1", Map.of(), CredentialRequest.IF_MISSING);
      String credential = connected.issuedCredential();
      assertThat(credential).startsWith("lmc_");
      assertThat(f.domain.fleet().authenticate(new AuthenticateCollectorCommand(credential)))
          .isEqualTo(new CollectorAuthentication.Credential(CollectorId.of("c-1")));
      ConnectOutcome other = f.connect(credential, "c-2");
      assertThat(((ConnectOutcome.Refused) other).reason()).isEqualTo(Refusal.WRONG_COLLECTOR);
    }

    @Test
    void deregistrationRevokesEveryWayIn() {
      String token = f.mintToken(null, Map.of());
      String credential =
          ((ConnectOutcome.Connected)
                  f.connect(token, "c-1", Map.of(), CredentialRequest.IF_MISSING))
              .issuedCredential();
      boolean done =
          f.domain
              .fleet()
              .deregister(
                  new DeregisterCollectorCommand(DomainFixture.ALICE, CollectorId.of("c-1")));
      assertThat(done).isTrue();
      assertThat(f.domain.fleet().authenticate(new AuthenticateCollectorCommand(credential)))
          .isInstanceOf(CollectorAuthentication.Refused.class);
      ConnectOutcome withToken = f.connect(token, "c-1");
      assertThat(((ConnectOutcome.Refused) withToken).reason())
          .as("the old token now says deregistered, not used up")
          .isEqualTo(Refusal.DEREGISTERED);
      assertThat(f.domain.fleet().collector(CollectorId.of("c-1"))).isEmpty();
      assertThat(f.domain.fleet().collectors(io.linkmesh.domain.port.in.CollectorFilter.ALL))
          .isEmpty();
      assertThat(f.notifier.notifications())
          .anyMatch(n -> n.deregistered() && n.collector().equals(CollectorId.of("c-1")));
    }

    @Test
    void aCollectorWhoseRecordIsRewrittenNeverStopsAuthenticating() throws Exception {
      String token = f.mintToken(null, Map.of());
      String credential =
          ((ConnectOutcome.Connected)
                  f.connect(token, "c-1", Map.of(), CredentialRequest.IF_MISSING))
              .issuedCredential();
      java.util.concurrent.atomic.AtomicBoolean stop =
          new java.util.concurrent.atomic.AtomicBoolean();
      java.util.concurrent.atomic.AtomicInteger checks =
          new java.util.concurrent.atomic.AtomicInteger();
      java.util.concurrent.atomic.AtomicInteger refused =
          new java.util.concurrent.atomic.AtomicInteger();
      Thread reader =
          new Thread(
              () -> {
                while (!stop.get()) {
                  checks.incrementAndGet();
                  if (!(f.domain.fleet().authenticate(new AuthenticateCollectorCommand(credential))
                      instanceof CollectorAuthentication.Credential)) {
                    refused.incrementAndGet();
                  }
                }
              });
      reader.start();
      try {
        for (int i = 0; i < 300; i++) {
          f.domain
              .fleet()
              .setLabels(
                  new io.linkmesh.domain.port.in.SetCollectorLabelsCommand(
                      DomainFixture.ALICE, CollectorId.of("c-1"), Map.of("round", "r" + i)));
        }
      } finally {
        stop.set(true);
        reader.join(10_000);
      }

      assertThat(checks.get()).isPositive();
      assertThat(refused.get()).as("refusals while the record was rewritten").isZero();
    }

    @Test
    void enrollingWithACredentialCostsOneRevision() {
      String token = f.mintToken(null, Map.of());
      int before = f.domain.configs().history(null, 100).items().size();

      ConnectOutcome.Connected connected =
          (ConnectOutcome.Connected)
              f.connect(token, "c-1", Map.of(), CredentialRequest.IF_MISSING);

      assertThat(connected.issuedCredential()).startsWith("lmc_");
      assertThat(f.domain.configs().history(null, 100).items())
          .as("registration and credential in one commit")
          .hasSize(before + 1);
      assertThat(
              f.domain
                  .fleet()
                  .authenticate(new AuthenticateCollectorCommand(connected.issuedCredential())))
          .isEqualTo(new CollectorAuthentication.Credential(CollectorId.of("c-1")));
    }

    @Test
    void aCollectorThatCannotTakeACredentialEnrollsWithoutOne() {
      String token = f.mintToken(null, Map.of());

      ConnectOutcome.Connected connected =
          (ConnectOutcome.Connected) f.connect(token, "c-1", Map.of(), CredentialRequest.NONE);

      assertThat(connected.issuedCredential()).isNull();
      assertThat(f.domain.fleet().authenticate(new AuthenticateCollectorCommand(token)))
          .isInstanceOf(CollectorAuthentication.Enrollment.class);
    }

    @Test
    void aCredentialIsIssuedOnceUnlessRotated() {
      String token = f.mintToken(null, Map.of());
      String first =
          ((ConnectOutcome.Connected)
                  f.connect(token, "c-1", Map.of(), CredentialRequest.IF_MISSING))
              .issuedCredential();
      assertThat(first).isNotNull();
      assertThat(
              ((ConnectOutcome.Connected)
                      f.connect(first, "c-1", Map.of(), CredentialRequest.IF_MISSING))
                  .issuedCredential())
          .isNull();
      String rotated =
          ((ConnectOutcome.Connected) f.connect(first, "c-1", Map.of(), CredentialRequest.ROTATE))
              .issuedCredential();
      assertThat(rotated).isNotNull();
      assertThat(f.domain.fleet().authenticate(new AuthenticateCollectorCommand(rotated)))
          .isInstanceOf(CollectorAuthentication.Credential.class);
    }
  }
}
