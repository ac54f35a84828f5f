package io.linkmesh.store.git;

import static org.assertj.core.api.Assertions.assertThat;

import io.linkmesh.domain.audit.Actor;
import io.linkmesh.domain.fleet.Collector;
import io.linkmesh.domain.fleet.CollectorId;
import io.linkmesh.domain.fleet.CollectorRuntime;
import io.linkmesh.domain.fleet.ConfigHash;
import io.linkmesh.domain.fleet.Health;
import io.linkmesh.domain.fleet.LiveSummary;
import io.linkmesh.domain.fleet.RemoteConfigStatus;
import io.linkmesh.domain.fleet.Transport;
import io.linkmesh.domain.port.in.AuthenticateCollectorCommand;
import io.linkmesh.domain.port.in.CollectorFilter;
import io.linkmesh.domain.port.in.ConnectCollectorCommand;
import io.linkmesh.domain.port.in.ConnectCollectorCommand.CredentialRequest;
import io.linkmesh.domain.port.in.ConnectOutcome;
import io.linkmesh.domain.port.in.MintEnrollmentTokenCommand;
import io.linkmesh.domain.port.out.FleetStatusExchange.PeerStatus;
import io.linkmesh.domain.service.LinkMeshDomain;
import io.linkmesh.domain.testing.SequentialSecretGenerator;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Live collector state shared between replicas through their status refs on one remote. */
class GitFleetStatusExchangeTest {
  static final Duration POLL = Duration.ofMillis(200);
  static final CollectorId C1 = CollectorId.of("c1");

  @TempDir Path dir;
  private Path remote;
  private final List<GitRevisionStore> opened = new ArrayList<>();

  @BeforeEach
  void createRemote() throws Exception {
    remote = Fixtures.bareRemote(dir.resolve("remote.git"));
  }

  @AfterEach
  void closeStores() {
    opened.forEach(GitRevisionStore::close);
  }

  private GitRevisionStore store(String replica) {
    GitRevisionStore store =
        GitRevisionStore.open(
            GitStoreOptions.builder()
                .remoteUrl(remote.toString())
                .replica(replica)
                .pollInterval(POLL)
                .cloneDir(dir.resolve(replica + "/git"))
                .build());
    opened.add(store);
    return store;
  }

  private static LinkMeshDomain domain(GitRevisionStore store, String replica) {
    return LinkMeshDomain.builder()
        .store(store)
        .auditLog(store.auditLog())
        .secrets(new SequentialSecretGenerator())
        .clock(Clock.systemUTC())
        .adminSecret("admin-secret")
        .replica(replica)
        .fleetStatus(store.fleetStatus())
        .build();
  }

  private static void connect(LinkMeshDomain domain, CollectorId id) {
    String token =
        domain
            .enrollment()
            .mint(
                new MintEnrollmentTokenCommand(
                    new Actor("alice", "192.0.2.1"), null, null, Map.of()))
            .token();
    ConnectOutcome outcome =
        domain
            .fleet()
            .connect(
                new ConnectCollectorCommand(
                    domain.fleet().authenticate(new AuthenticateCollectorCommand(token)),
                    id,
                    CollectorRuntime.OTELCOL,
                    Transport.WEBSOCKET,
                    null,
                    Map.of("host.name", id.value()),
                    CredentialRequest.NONE,
                    null,
                    "198.51.100.1"));
    assertThat(outcome).isInstanceOf(ConnectOutcome.Connected.class);
  }

  /** Counts down on the first poll of {@code store} after which {@code seen} holds. */
  private static CountDownLatch whenExchanged(
      GitRevisionStore store, java.util.function.BooleanSupplier seen) {
    CountDownLatch latch = new CountDownLatch(1);
    store
        .fleetStatus()
        .onExchanged(
            () -> {
              if (latch.getCount() > 0 && seen.getAsBoolean()) {
                latch.countDown();
              }
            });
    return latch;
  }

  private static boolean shows(LinkMeshDomain domain, String replica, boolean connected) {
    Optional<Collector> seen = domain.fleet().collector(C1);
    return seen.isPresent()
        && seen.get().live().replica().equals(replica)
        && seen.get().live().connected() == connected;
  }

  @Nested
  class AcrossReplicas {
    @Test
    void aCollectorConnectedToOneReplicaShowsOnTheOthersWithinTheBound() throws Exception {
      GitRevisionStore a = store("a");
      GitRevisionStore b = store("b");
      GitRevisionStore c = store("c");
      LinkMeshDomain da = domain(a, "a");
      LinkMeshDomain db = domain(b, "b");
      LinkMeshDomain dc = domain(c, "c");
      CountDownLatch onB = whenExchanged(b, () -> shows(db, "a", true));
      CountDownLatch onC = whenExchanged(c, () -> shows(dc, "a", true));
      a.start();
      b.start();
      c.start();

      connect(da, C1);
      long started = System.nanoTime();
      assertThat(da.fleet().publishStatus()).isTrue();

      Duration bound = a.fleetStatus().staleAfter();
      assertThat(onB.await(bound.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
      assertThat(onC.await(bound.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThanOrEqualTo(bound);
      assertThat(db.fleet().collectors(CollectorFilter.ALL))
          .singleElement()
          .satisfies(
              seen -> {
                assertThat(seen.live().replica()).isEqualTo("a");
                assertThat(seen.live().transport()).isEqualTo(Transport.WEBSOCKET);
              });
      assertThat(da.fleet().collector(C1).orElseThrow().live().replica()).isEqualTo("a");
    }

    @Test
    void aReplicaThatStopsPublishingHasItsCollectorsShownDisconnected() throws Exception {
      GitRevisionStore a = store("a");
      GitRevisionStore b = store("b");
      LinkMeshDomain da = domain(a, "a");
      LinkMeshDomain db = domain(b, "b");
      CountDownLatch seen = whenExchanged(b, () -> shows(db, "a", true));
      a.start();
      b.start();
      connect(da, C1);
      da.fleet().publishStatus();
      assertThat(seen.await(10, TimeUnit.SECONDS)).isTrue();

      CountDownLatch stale = whenExchanged(b, () -> shows(db, "a", false));
      a.close();

      assertThat(stale.await(b.fleetStatus().staleAfter().toMillis() * 4, TimeUnit.MILLISECONDS))
          .isTrue();
    }
  }

  @Nested
  class OnTheRemote {
    @Test
    void eachPublicationReplacesTheLastSoTheStatusRefStaysOneCommitLong() throws Exception {
      GitRevisionStore a = store("a");
      GitFleetStatusExchange exchange = a.fleetStatus();
      exchange.publish(List.of(summary(true)), Instant.parse("2026-11-26T10:00:00Z"));
      a.sync();
      exchange.publish(List.of(summary(false)), Instant.parse("2026-11-26T10:00:05Z"));
      a.sync();

      assertThat(
              Fixtures.Person.git(
                      dir,
                      "--git-dir",
                      remote.toString(),
                      "rev-list",
                      "--count",
                      "refs/linkmesh/status/a")
                  .trim())
          .isEqualTo("1");
      assertThat(
              Fixtures.Person.git(
                  dir, "--git-dir", remote.toString(), "show", "refs/linkmesh/status/a:status"))
          .contains("kind: fleet-status/v1", "replica: a", "connected: false");
    }

    @Test
    void aReplicaOnAFreshDiskReplacesWhatItPublishedBefore() throws Exception {
      GitRevisionStore first = store("a");
      first.fleetStatus().publish(List.of(summary(true)), Instant.parse("2026-11-26T10:00:00Z"));
      first.sync();
      first.close();
      opened.remove(first);

      GitRevisionStore again =
          GitRevisionStore.open(
              GitStoreOptions.builder()
                  .remoteUrl(remote.toString())
                  .replica("a")
                  .pollInterval(POLL)
                  .cloneDir(dir.resolve("a-fresh/git"))
                  .build());
      opened.add(again);
      again.fleetStatus().publish(List.of(), Instant.parse("2026-11-26T10:01:00Z"));
      again.sync();

      GitRevisionStore b = store("b");
      b.sync();
      assertThat(b.fleetStatus().peers())
          .singleElement()
          .satisfies(
              peer -> {
                assertThat(peer.replica()).isEqualTo("a");
                assertThat(peer.summaries()).isEmpty();
              });
    }
  }

  @Nested
  class Format {
    @Test
    void summariesSurviveTheTextForm() {
      List<LiveSummary> summaries = List.of(summary(true), summary(false));
      Instant at = Instant.parse("2026-11-26T10:00:00Z");

      PeerStatus decoded =
          GitFleetStatusExchange.decode(GitFleetStatusExchange.encode("a", at, summaries));

      assertThat(decoded).isEqualTo(new PeerStatus("a", at, summaries));
      assertThat(GitFleetStatusExchange.decode(GitFleetStatusExchange.encode("a", at, List.of())))
          .isEqualTo(new PeerStatus("a", at, List.of()));
    }
  }

  private static LiveSummary summary(boolean full) {
    Instant at = Instant.parse("2026-11-26T10:00:00Z");
    if (!full) {
      return new LiveSummary(
          CollectorId.of("c2"),
          false,
          null,
          null,
          null,
          null,
          null,
          RemoteConfigStatus.UNSET,
          "a",
          at);
    }
    ConfigHash hash = new ConfigHash("ab".repeat(32));
    return new LiveSummary(
        C1,
        true,
        Transport.HTTP,
        at.minusSeconds(60),
        at.minusSeconds(1),
        Health.of(false, "degraded: line\nbreak", "exporter: refused"),
        hash,
        new RemoteConfigStatus(RemoteConfigStatus.State.FAILED, "bad\nconfig: x", hash),
        "a",
        at);
  }
}
