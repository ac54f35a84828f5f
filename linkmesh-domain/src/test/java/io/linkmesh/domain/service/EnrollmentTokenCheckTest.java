package io.linkmesh.domain.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.linkmesh.domain.port.in.ConnectOutcome;
import io.linkmesh.domain.port.in.RevokeEnrollmentTokenCommand;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code canEnrollNewCollector}: the question a bootstrap snippet asks before showing a token. */
class EnrollmentTokenCheckTest {
  final DomainFixture f = new DomainFixture();

  @Test
  void aFreshTokenCanEnrollAndAskingNeitherUsesNorAuditsIt() {
    String token = f.mintToken(null, Map.of());
    int audited = f.audit.all().size();

    assertThat(f.domain.enrollment().canEnrollNewCollector(token)).isTrue();
    assertThat(f.domain.enrollment().canEnrollNewCollector(token)).isTrue();

    assertThat(f.domain.enrollment().enrollmentToken(idOf(token)).orElseThrow().uses()).isZero();
    assertThat(f.audit.all()).hasSize(audited);
    assertThat(f.connect(token, "c-1")).isInstanceOf(ConnectOutcome.Connected.class);
  }

  @Test
  void aTokenThatCanNoLongerEnrollANewCollectorIsRefused() {
    String usedUp = f.mintToken(null, Map.of());
    f.connect(usedUp, "c-1");
    String revoked = f.mintToken(5, Map.of());
    f.domain
        .enrollment()
        .revoke(new RevokeEnrollmentTokenCommand(DomainFixture.ALICE, idOf(revoked)));
    String expiring = f.mintToken(5, Map.of());
    assertThat(f.domain.enrollment().canEnrollNewCollector(expiring)).isTrue();

    f.advance(Duration.ofMinutes(15));

    assertThat(f.domain.enrollment().canEnrollNewCollector(usedUp)).as("used up").isFalse();
    assertThat(f.domain.enrollment().canEnrollNewCollector(revoked)).as("revoked").isFalse();
    assertThat(f.domain.enrollment().canEnrollNewCollector(expiring)).as("expired").isFalse();
  }

  @Test
  void anythingButTheWholeEnrollmentTokenIsRefused() {
    String token = f.mintToken(0, Map.of());
    String wrongSecret = token.substring(0, token.length() - 1) + (token.endsWith("A") ? "B" : "A");
    String asCredential = "lmc" + token.substring(3);
    String asApiToken = "lma" + token.substring(3);

    for (String presented :
        new String[] {"", "nope", wrongSecret, asCredential, asApiToken, "Bearer " + token}) {
      assertThat(f.domain.enrollment().canEnrollNewCollector(presented)).as(presented).isFalse();
    }
    assertThat(f.domain.enrollment().canEnrollNewCollector(token)).isTrue();
  }

  private static String idOf(String token) {
    return token.split("_")[1];
  }
}
