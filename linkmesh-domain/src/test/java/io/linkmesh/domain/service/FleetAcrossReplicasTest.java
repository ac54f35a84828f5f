package io.linkmesh.domain.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.linkmesh.domain.fleet.Collector;
import io.linkmesh.domain.fleet.CollectorId;
import io.linkmesh.domain.fleet.CollectorRuntime;
import io.linkmesh.domain.fleet.Transport;
import io.linkmesh.domain.port.in.AuthenticateCollectorCommand;
import io.linkmesh.domain.port.in.CollectorFilter;
import io.linkmesh.domain.port.in.ConnectCollectorCommand;
import io.linkmesh.domain.port.in.ConnectCollectorCommand.CredentialRequest;
import io.linkmesh.domain.port.in.ConnectOutcome;
import io.linkmesh.domain.port.in.DisconnectCollectorCommand;
import io.linkmesh.domain.port.in.MintEnrollmentTokenCommand;
import io.linkmesh.domain.port.out.FleetStatusExchange;
import io.linkmesh.domain.testing.InMemoryAuditLog;
import io.linkmesh.domain.testing.InMemoryFleetStatusExchange;
import io.linkmesh.domain.testing.InMemoryRevisionStore;
import io.linkmesh.domain.testing.MutableClock;
import io.linkmesh.domain.testing.SequentialSecretGenerator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class FleetAcrossReplicasTest {
  static final Duration STALE_AFTER = Duration.ofSeconds(20);

  final MutableClock clock = MutableClock.at("2026-11-26T10:00:00Z");
  final InMemoryRevisionStore store = new InMemoryRevisionStore();
  final InMemoryFleetStatusExchange.Board board = new InMemoryFleetStatusExchange.Board();
  final LinkMeshDomain a = replica("a");
  final LinkMeshDomain b = replica("b");

  LinkMeshDomain replica(String name) {
    return LinkMeshDomain.builder()
        .store(store)
        .auditLog(new InMemoryAuditLog())
        .secrets(new SequentialSecretGenerator())
        .clock(clock)
        .adminSecret("admin-secret")
        .replica(name)
        .fleetStatus(board.replica(name, STALE_AFTER))
        .build();
  }

  String connectTo(LinkMeshDomain domain, String id) {
    String token =
        a.enrollment()
            .mint(new MintEnrollmentTokenCommand(DomainFixture.ALICE, null, null, Map.of()))
            .token();
    b.syncWithStore();
    connectTo(domain, id, token);
    return token;
  }

  void connectTo(LinkMeshDomain domain, String id, String token) {
    ConnectOutcome outcome =
        domain
            .fleet()
            .connect(
                new ConnectCollectorCommand(
                    domain.fleet().authenticate(new AuthenticateCollectorCommand(token)),
                    CollectorId.of(id),
                    CollectorRuntime.OTELCOL,
                    Transport.WEBSOCKET,
                    null,
                    Map.of("host.name", id),
                    CredentialRequest.NONE,
                    null,
                    "198.51.100.1"));
    assertThat(outcome).isInstanceOf(ConnectOutcome.Connected.class);
    a.syncWithStore();
    b.syncWithStore();
  }

  Collector seenBy(LinkMeshDomain domain, String id) {
    return domain.fleet().collector(CollectorId.of(id)).orElseThrow();
  }

  @Nested
  class WholeFleet {
    @Test
    void aCollectorConnectedToOneReplicaShowsOnTheOtherWithThatReplicasName() {
      connectTo(a, "c1");
      assertThat(seenBy(b, "c1").live().connected()).isFalse();

      assertThat(a.fleet().publishStatus()).isTrue();

      Collector seen = seenBy(b, "c1");
      assertThat(seen.live().connected()).isTrue();
      assertThat(seen.live().replica()).isEqualTo("a");
      assertThat(seen.live().transport()).isEqualTo(Transport.WEBSOCKET);
      assertThat(b.fleet().collectors(CollectorFilter.ALL))
          .singleElement()
          .satisfies(c -> assertThat(c.live().replica()).isEqualTo("a"));
    }

    @Test
    void eachReplicaShowsItsOwnAndThePeersCollectors() {
      connectTo(a, "c1");
      connectTo(b, "c2");
      a.fleet().publishStatus();
      b.fleet().publishStatus();

      for (LinkMeshDomain domain : new LinkMeshDomain[] {a, b}) {
        assertThat(domain.fleet().collectors(CollectorFilter.ALL))
            .extracting(c -> c.id().value() + "@" + c.live().replica() + ":" + c.live().connected())
            .containsExactly("c1@a:true", "c2@b:true");
      }
    }

    @Test
    void aCollectorThatMovedIsShownWhereItIsConnectedNow() {
      String token = connectTo(a, "c1");
      a.fleet().publishStatus();
      a.fleet()
          .disconnect(
              new DisconnectCollectorCommand(
                  CollectorId.of("c1"), DisconnectCollectorCommand.Reason.CLOSED, "gone"));
      clock.advance(Duration.ofSeconds(1));
      connectTo(b, "c1", token);

      assertThat(seenBy(b, "c1").live().replica()).isEqualTo("b");
      assertThat(seenBy(b, "c1").live().connected()).isTrue();
      b.fleet().publishStatus();
      assertThat(seenBy(a, "c1").live().replica()).isEqualTo("b");
      assertThat(seenBy(a, "c1").live().connected()).isTrue();
    }
  }

  @Nested
  class Staleness {
    @Test
    void aPeerThatStoppedPublishingCountsAsDisconnectedAfterTheBound() {
      connectTo(a, "c1");
      a.fleet().publishStatus();

      clock.advance(STALE_AFTER);
      assertThat(seenBy(b, "c1").live().connected()).isTrue();
      clock.advance(Duration.ofSeconds(1));
      Collector stale = seenBy(b, "c1");
      assertThat(stale.live().connected()).isFalse();
      assertThat(stale.live().replica()).isEqualTo("a");
    }

    @Test
    void aLivePeerKeepsItsCollectorsFreshByRepublishing() {
      connectTo(a, "c1");
      a.fleet().publishStatus();
      for (int i = 0; i < 10; i++) {
        clock.advance(STALE_AFTER.dividedBy(4));
        a.fleet().publishStatus();
      }
      assertThat(seenBy(b, "c1").live().connected()).isTrue();
    }
  }

  @Nested
  class Publishing {
    @Test
    void publishesOnlyWhenSomethingChangedOrTheLastPublicationAges() {
      connectTo(a, "c1");
      assertThat(a.fleet().publishStatus()).isTrue();
      assertThat(a.fleet().publishStatus()).isFalse();
      clock.advance(Duration.ofSeconds(1));
      assertThat(a.fleet().publishStatus()).isFalse();

      a.fleet()
          .disconnect(
              new DisconnectCollectorCommand(
                  CollectorId.of("c1"), DisconnectCollectorCommand.Reason.CLOSED, "gone"));
      assertThat(a.fleet().publishStatus()).isTrue();
      assertThat(b.fleet().collector(CollectorId.of("c1")).orElseThrow().live().connected())
          .isFalse();

      clock.advance(STALE_AFTER.dividedBy(4));
      assertThat(a.fleet().publishStatus()).isTrue();
      assertThat(board.publications()).isEqualTo(3);
    }

    @Test
    void theSingleReplicaExchangeHasNoPeers() {
      FleetStatusExchange none = FleetStatusExchange.none();
      none.publish(List.of(), clock.instant());
      assertThat(none.peers()).isEmpty();
    }
  }
}
