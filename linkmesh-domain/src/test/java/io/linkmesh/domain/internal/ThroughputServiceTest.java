package io.linkmesh.domain.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.linkmesh.domain.audit.Actor;
import io.linkmesh.domain.fleet.CollectorId;
import io.linkmesh.domain.fleet.CollectorRuntime;
import io.linkmesh.domain.fleet.Transport;
import io.linkmesh.domain.port.in.AuthenticateCollectorCommand;
import io.linkmesh.domain.port.in.CollectorAuthentication;
import io.linkmesh.domain.port.in.ConnectCollectorCommand;
import io.linkmesh.domain.port.in.ConnectOutcome;
import io.linkmesh.domain.port.in.DeregisterCollectorCommand;
import io.linkmesh.domain.port.in.MintEnrollmentTokenCommand;
import io.linkmesh.domain.port.in.RecordOwnMetricsCommand;
import io.linkmesh.domain.port.in.RecordOwnMetricsOutcome;
import io.linkmesh.domain.port.in.Refusal;
import io.linkmesh.domain.service.LinkMeshDomain;
import io.linkmesh.domain.testing.InMemoryAuditLog;
import io.linkmesh.domain.testing.InMemoryRevisionStore;
import io.linkmesh.domain.testing.MutableClock;
import io.linkmesh.domain.testing.SequentialSecretGenerator;
import io.linkmesh.domain.throughput.FleetThroughput;
import io.linkmesh.domain.throughput.MetricSample;
import io.linkmesh.domain.throughput.ThroughputLimits;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ThroughputServiceTest {
  static final CollectorId A = CollectorId.of("0190f3c2-0000-7000-8000-00000000000a");
  static final CollectorId B = CollectorId.of("0190f3c2-0000-7000-8000-00000000000b");

  final MutableClock clock = MutableClock.at("2026-11-26T10:00:00Z");
  LinkMeshDomain domain;
  ThroughputService throughput;
  String token;
  String credentialA;

  @BeforeEach
  void enrollTwoCollectors() {
    domain =
        LinkMeshDomain.builder()
            .store(new InMemoryRevisionStore())
            .auditLog(new InMemoryAuditLog())
            .secrets(new SequentialSecretGenerator())
            .clock(clock)
            .build();
    throughput =
        ThroughputService.create(
            domain.fleet(), new FleetThroughput(ThroughputLimits.defaults(), clock));
    token =
        domain
            .enrollment()
            .mint(new MintEnrollmentTokenCommand(Actor.system(), Duration.ofHours(1), 2, Map.of()))
            .token();
    credentialA = connect(A);
    // B cannot take a credential of its own (like Alloy): the token stays its secret.
    connect(B, ConnectCollectorCommand.CredentialRequest.NONE);
  }

  String connect(CollectorId id) {
    String issued = connect(id, ConnectCollectorCommand.CredentialRequest.IF_MISSING);
    assertThat(issued).isNotNull();
    return issued;
  }

  @Nullable String connect(CollectorId id, ConnectCollectorCommand.CredentialRequest credential) {
    CollectorAuthentication auth = auth(token);
    ConnectOutcome outcome =
        domain
            .fleet()
            .connect(
                new ConnectCollectorCommand(
                    auth,
                    id,
                    CollectorRuntime.OTELCOL,
                    Transport.HTTP,
                    null,
                    Map.of(),
                    credential,
                    Duration.ofSeconds(30),
                    "127.0.0.1"));
    assertThat(outcome).isInstanceOf(ConnectOutcome.Connected.class);
    return ((ConnectOutcome.Connected) outcome).issuedCredential();
  }

  CollectorAuthentication auth(String secret) {
    return domain.fleet().authenticate(new AuthenticateCollectorCommand(secret));
  }

  static List<MetricSample> samples() {
    long t = 1_800_000_000_000_000_000L;
    return List.of(
        new MetricSample(
            "otelcol_receiver_accepted_spans",
            MetricSample.Kind.CUMULATIVE_SUM,
            Map.of("receiver", "otlp"),
            t - 60_000_000_000L,
            t,
            600),
        new MetricSample(
            "otelcol_process_uptime", MetricSample.Kind.CUMULATIVE_SUM, Map.of(), 0, t, 60));
  }

  RecordOwnMetricsOutcome record(String secret, Map<String, String> resource) {
    return throughput.record(new RecordOwnMetricsCommand(auth(secret), resource, samples()));
  }

  @Nested
  class WithItsCredential {
    @Test
    void numbersGoToTheCredentialsCollector() {
      RecordOwnMetricsOutcome outcome =
          record(credentialA, Map.of("service.instance.id", A.value()));

      assertThat(outcome).isEqualTo(new RecordOwnMetricsOutcome.Recorded(A, 1, 1));
      assertThat(throughput.throughput(A)).isPresent();
      assertThat(throughput.throughput(B)).isEmpty();
    }

    @Test
    void resourceWithoutAnIdIsTheCredentialsCollector() {
      assertThat(record(credentialA, Map.of("service.name", "otelcol")))
          .isEqualTo(new RecordOwnMetricsOutcome.Recorded(A, 1, 1));
    }

    @Test
    void idsCompareRegardlessOfCase() {
      assertThat(record(credentialA, Map.of("service.instance.id", A.value().toUpperCase())))
          .isInstanceOf(RecordOwnMetricsOutcome.Recorded.class);
    }

    @Test
    void cannotWriteAnotherCollectorsNumbers() {
      RecordOwnMetricsOutcome outcome =
          record(credentialA, Map.of("service.instance.id", B.value()));

      assertThat(outcome).isInstanceOf(RecordOwnMetricsOutcome.Rejected.class);
      assertThat(((RecordOwnMetricsOutcome.Rejected) outcome).reason())
          .isEqualTo(Refusal.WRONG_COLLECTOR);
      assertThat(throughput.throughput(A)).isEmpty();
      assertThat(throughput.throughput(B)).isEmpty();
    }

    @Test
    void linkMeshCollectorIdTakesPrecedenceOverServiceInstanceId() {
      assertThat(
              record(
                  credentialA,
                  Map.of("linkmesh.collector.id", A.value(), "service.instance.id", "host:12345")))
          .isInstanceOf(RecordOwnMetricsOutcome.Recorded.class);
      assertThat(record(credentialA, Map.of("linkmesh.collector.id", B.value())))
          .isInstanceOf(RecordOwnMetricsOutcome.Rejected.class);
    }

    @Test
    void deregisteredCollectorIsRejectedAndForgotten() {
      record(credentialA, Map.of());
      CollectorAuthentication before = auth(credentialA);
      domain.fleet().deregister(new DeregisterCollectorCommand(Actor.system(), A));

      RecordOwnMetricsOutcome outcome =
          throughput.record(new RecordOwnMetricsCommand(before, Map.of(), samples()));

      assertThat(outcome).isInstanceOf(RecordOwnMetricsOutcome.Rejected.class);
      assertThat(((RecordOwnMetricsOutcome.Rejected) outcome).reason())
          .isEqualTo(Refusal.DEREGISTERED);
      assertThat(throughput.throughput(A)).isEmpty();
      assertThat(throughput.series().estimatedBytes()).isZero();
    }
  }

  @Nested
  class WithTheEnrollmentToken {
    @Test
    void numbersGoToTheEnrolledCollectorTheResourceNames() {
      assertThat(record(token, Map.of("service.instance.id", B.value())))
          .isEqualTo(new RecordOwnMetricsOutcome.Recorded(B, 1, 1));
    }

    @Test
    void resourceMustNameTheCollector() {
      assertThat(record(token, Map.of())).isInstanceOf(RecordOwnMetricsOutcome.Rejected.class);
    }

    @Test
    void collectorHoldingItsOwnCredentialIsRejected() {
      assertThat(record(token, Map.of("service.instance.id", A.value())))
          .isInstanceOf(RecordOwnMetricsOutcome.Rejected.class);
      assertThat(throughput.throughput(A)).isEmpty();
    }

    @Test
    void collectorNotEnrolledWithTheTokenIsRejected() {
      assertThat(record(token, Map.of("service.instance.id", "someone-else")))
          .isInstanceOf(RecordOwnMetricsOutcome.Rejected.class);
    }
  }

  @Test
  void unknownSecretIsRejected() {
    RecordOwnMetricsOutcome outcome = record("lm_nonsense", Map.of());

    assertThat(outcome).isInstanceOf(RecordOwnMetricsOutcome.Rejected.class);
    assertThat(((RecordOwnMetricsOutcome.Rejected) outcome).reason())
        .isEqualTo(Refusal.UNAUTHENTICATED);
  }
}
