package io.linkmesh.domain.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.linkmesh.domain.audit.AuditAction;
import io.linkmesh.domain.audit.AuditQuery;
import io.linkmesh.domain.enrollment.Role;
import io.linkmesh.domain.fleet.CollectorId;
import io.linkmesh.domain.fleet.CollectorRuntime;
import io.linkmesh.domain.fleet.Transport;
import io.linkmesh.domain.port.in.AuthenticateCollectorCommand;
import io.linkmesh.domain.port.in.AuthenticateOperatorCommand;
import io.linkmesh.domain.port.in.CollectorFilter;
import io.linkmesh.domain.port.in.ConnectCollectorCommand;
import io.linkmesh.domain.port.in.MintApiTokenCommand;
import io.linkmesh.domain.port.in.OperatorAuthentication;
import io.linkmesh.domain.port.in.ReportCollectorStatusCommand;
import io.linkmesh.domain.port.in.RevokeApiTokenCommand;
import io.linkmesh.domain.port.in.StatusOutcome;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class OperatorsAndFleetTest {
  final DomainFixture f = new DomainFixture();

  OperatorAuthentication login(String secret) {
    return f.domain
        .operators()
        .authenticate(new AuthenticateOperatorCommand(secret, "203.0.113.9"));
  }

  @Nested
  class Operators {
    @Test
    void theAdminTokenIsAnAdmin() {
      assertThat(login("admin-secret"))
          .isEqualTo(new OperatorAuthentication.Operator("admin", Role.ADMIN, "admin"));
    }

    @Test
    void apiTokensCarryTheirRoleUntilRevokedOrExpired() {
      var minted =
          f.domain
              .operators()
              .mint(
                  new MintApiTokenCommand(
                      DomainFixture.ALICE, "ci", Role.VIEWER, Duration.ofHours(1)));
      assertThat(login(minted.token())).isInstanceOf(OperatorAuthentication.Operator.class);
      assertThat(((OperatorAuthentication.Operator) login(minted.token())).role())
          .isEqualTo(Role.VIEWER);
      assertThat(f.domain.operators().lastUsed(minted.record().id())).isPresent();
      f.advance(Duration.ofHours(1));
      assertThat(login(minted.token())).isInstanceOf(OperatorAuthentication.Refused.class);
      var other =
          f.domain
              .operators()
              .mint(new MintApiTokenCommand(DomainFixture.ALICE, "bot", Role.OPERATOR, null));
      f.domain
          .operators()
          .revoke(new RevokeApiTokenCommand(DomainFixture.ALICE, other.record().id()));
      assertThat(login(other.token())).isInstanceOf(OperatorAuthentication.Refused.class);
    }

    @Test
    void failedLoginsAreAuditedWithoutTheSecret() {
      login("wrong-secret");
      var entries =
          f.domain
              .operators()
              .audit(new AuditQuery(null, AuditAction.LOGIN_FAILED, null, null, null, 10))
              .items();
      assertThat(entries)
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.address()).isEqualTo("203.0.113.9");
                assertThat(e.toString()).doesNotContain("wrong-secret");
              });
    }

    @Test
    void rolesNest() {
      assertThat(Role.ADMIN.allows(Role.OPERATOR)).isTrue();
      assertThat(Role.OPERATOR.allows(Role.VIEWER)).isTrue();
      assertThat(Role.VIEWER.allows(Role.OPERATOR)).isFalse();
    }
  }

  @Nested
  class Liveness {
    @Test
    void aSilentPollerIsMarkedDisconnectedAfterThreeIntervals() {
      String token = f.mintToken(null, Map.of());
      f.domain
          .fleet()
          .connect(
              new ConnectCollectorCommand(
                  f.domain.fleet().authenticate(new AuthenticateCollectorCommand(token)),
                  CollectorId.of("alloy-1"),
                  CollectorRuntime.ALLOY,
                  Transport.REMOTECFG,
                  "alloy-1",
                  Map.of(),
                  ConnectCollectorCommand.CredentialRequest.NONE,
                  Duration.ofSeconds(60),
                  "198.51.100.2"));
      f.advance(Duration.ofSeconds(179));
      assertThat(f.domain.fleet().sweepSilentCollectors()).isZero();
      f.advance(Duration.ofSeconds(2));
      assertThat(f.domain.fleet().sweepSilentCollectors()).isEqualTo(1);
      assertThat(f.domain.fleet().collectors(new CollectorFilter(null, Map.of(), true))).isEmpty();
      assertThat(
              f.domain
                  .fleet()
                  .report(ReportCollectorStatusCommand.heartbeat(CollectorId.of("alloy-1"))))
          .isInstanceOf(StatusOutcome.Accepted.class);
      assertThat(
              f.domain
                  .fleet()
                  .collector(CollectorId.of("alloy-1"))
                  .orElseThrow()
                  .live()
                  .connected())
          .isTrue();
    }

    @Test
    void reportsFromUnknownCollectorsAreUnknown() {
      assertThat(
              f.domain
                  .fleet()
                  .report(ReportCollectorStatusCommand.heartbeat(CollectorId.of("ghost"))))
          .isInstanceOf(StatusOutcome.Unknown.class);
    }
  }
}
