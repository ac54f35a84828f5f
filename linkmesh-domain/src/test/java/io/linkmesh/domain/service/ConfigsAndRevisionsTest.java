package io.linkmesh.domain.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.linkmesh.domain.config.ConfigName;
import io.linkmesh.domain.config.ConfigSpec;
import io.linkmesh.domain.config.Selector;
import io.linkmesh.domain.fleet.CollectorId;
import io.linkmesh.domain.fleet.CollectorRuntime;
import io.linkmesh.domain.fleet.RemoteConfigStatus;
import io.linkmesh.domain.port.in.ConnectOutcome;
import io.linkmesh.domain.port.in.DeleteConfigCommand;
import io.linkmesh.domain.port.in.DeleteConfigOutcome;
import io.linkmesh.domain.port.in.PutConfigCommand;
import io.linkmesh.domain.port.in.PutConfigOutcome;
import io.linkmesh.domain.port.in.ReportCollectorStatusCommand;
import io.linkmesh.domain.port.in.RestoreOutcome;
import io.linkmesh.domain.port.in.RestoreRevisionCommand;
import io.linkmesh.domain.port.in.SetCollectorLabelsCommand;
import io.linkmesh.domain.revision.Revision;
import io.linkmesh.domain.revision.RevisionDiff;
import io.linkmesh.domain.revision.RevisionId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ConfigsAndRevisionsTest {
  final DomainFixture f = new DomainFixture();

  static Revision published(PutConfigOutcome outcome) {
    assertThat(outcome).isInstanceOf(PutConfigOutcome.Published.class);
    return ((PutConfigOutcome.Published) outcome).revision();
  }

  PutConfigCommand putCommand(String name, String body, RevisionId ifMatch) {
    return new PutConfigCommand(
        DomainFixture.ALICE,
        new ConfigSpec(ConfigName.of(name), CollectorRuntime.OTELCOL, Selector.ALL, body),
        ifMatch,
        null);
  }

  @Nested
  class Put {
    @Test
    void publishesARevisionAndAuditsIt() {
      Revision r = published(f.put("base", Map.of(), "receivers: {}\n"));
      assertThat(r.author()).isEqualTo("alice");
      assertThat(r.message()).isEqualTo("Create otelcol config base");
      assertThat(f.domain.configs().config(ConfigName.of("base"))).isPresent();
      assertThat(f.audit.all()).extracting(e -> e.action()).contains("config.put");
    }

    @Test
    void theSameBodyTwiceIsUnchanged() {
      Revision r = published(f.put("base", Map.of(), "x: 1\n"));
      PutConfigOutcome again = f.put("base", Map.of(), "x: 1\n");
      assertThat(again)
          .isEqualTo(
              new PutConfigOutcome.Unchanged(((PutConfigOutcome.Unchanged) again).spec(), r.id()));
      assertThat(f.domain.configs().history(null, 10).items()).hasSize(1);
    }

    @Test
    void invalidContentIsRefusedWithWhereAndNothingIsStored() {
      PutConfigOutcome outcome = f.put("base", Map.of(), "ok: 1\nthis is bad\n");
      assertThat(outcome).isInstanceOf(PutConfigOutcome.Invalid.class);
      var problem = ((PutConfigOutcome.Invalid) outcome).problems().get(0);
      assertThat(problem.line()).isEqualTo(2);
      assertThat(problem.column()).isEqualTo(9);
      assertThat(f.domain.configs().configs()).isEmpty();
      assertThat(f.store.head()).isEmpty();
    }

    @Test
    void aStaleIfMatchOnTheSameConfigIsAConflict() {
      Revision r1 = published(f.put("base", Map.of(), "x: 1\n"));
      published(f.domain.configs().put(putCommand("base", "x: 2\n", r1.id())));
      PutConfigOutcome stale = f.domain.configs().put(putCommand("base", "x: 3\n", r1.id()));
      assertThat(stale).isInstanceOf(PutConfigOutcome.Conflict.class);
      assertThat(f.domain.configs().config(ConfigName.of("base")).orElseThrow().content())
          .isEqualTo("x: 2\n");
    }

    @Test
    void aStaleIfMatchOnAnotherConfigStillApplies() {
      Revision r1 = published(f.put("base", Map.of(), "x: 1\n"));
      published(f.put("base", Map.of(), "x: 2\n"));
      assertThat(f.domain.configs().put(putCommand("other", "y: 1\n", r1.id())))
          .isInstanceOf(PutConfigOutcome.Published.class);
    }

    @Test
    void concurrentEditsOnTheSameBaseHaveExactlyOneWinner() throws Exception {
      Revision base = published(f.put("base", Map.of(), "x: 0\n"));
      List<PutConfigOutcome> results =
          io.linkmesh.domain.testing.Race.of(
              6,
              i -> f.domain.configs().put(putCommand("base", "x: " + (i + 1) + "\n", base.id())));
      assertThat(results.stream().filter(r -> r instanceof PutConfigOutcome.Published).count())
          .isEqualTo(1);
      assertThat(results.stream().filter(r -> r instanceof PutConfigOutcome.Conflict).count())
          .isEqualTo(5);
    }

    @Test
    void anUnknownIfMatchIsAConflict() {
      published(f.put("base", Map.of(), "x: 1\n"));
      assertThat(f.domain.configs().put(putCommand("base", "x: 2\n", RevisionId.of("feedface"))))
          .isInstanceOf(PutConfigOutcome.Conflict.class);
    }
  }

  @Nested
  class Delivery {
    @Test
    void matchingConnectedCollectorsAreToldAndOthersAreNot() {
      String token = f.mintToken(2, Map.of());
      f.connect(
          token,
          "c-prod",
          Map.of("env", "prod"),
          io.linkmesh.domain.port.in.ConnectCollectorCommand.CredentialRequest.NONE);
      f.connect(
          token,
          "c-dev",
          Map.of("env", "dev"),
          io.linkmesh.domain.port.in.ConnectCollectorCommand.CredentialRequest.NONE);
      f.notifier.clear();
      f.put("prod-only", Map.of("env", "prod"), "x: 1\n");
      assertThat(f.notifier.notifications())
          .singleElement()
          .satisfies(
              n -> {
                assertThat(n.collector()).isEqualTo(CollectorId.of("c-prod"));
                assertThat(n.desired()).isNotNull();
                assertThat(n.desired().sources())
                    .extracting(ConfigName::value)
                    .containsExactly("prod-only");
              });
      assertThat(f.domain.fleet().desiredConfig(CollectorId.of("c-dev"))).isEmpty();
    }

    @Test
    void labelsOverrideAttributesAndChangingThemChangesTheDesiredConfig() {
      String token = f.mintToken(null, Map.of());
      f.connect(
          token,
          "c-1",
          Map.of("env", "dev"),
          io.linkmesh.domain.port.in.ConnectCollectorCommand.CredentialRequest.NONE);
      f.put("prod-only", Map.of("env", "prod"), "x: 1\n");
      assertThat(f.domain.fleet().desiredConfig(CollectorId.of("c-1"))).isEmpty();
      f.notifier.clear();
      f.domain
          .fleet()
          .setLabels(
              new SetCollectorLabelsCommand(
                  DomainFixture.ALICE, CollectorId.of("c-1"), Map.of("env", "prod")));
      assertThat(f.domain.fleet().desiredConfig(CollectorId.of("c-1"))).isPresent();
      assertThat(f.notifier.notifications()).hasSize(1);
    }

    @Test
    void deletingTheLastMatchingConfigTellsTheCollectorNothingMatches() {
      String token = f.mintToken(null, Map.of());
      f.connect(token, "c-1");
      f.put("all", Map.of(), "x: 1\n");
      f.notifier.clear();
      DeleteConfigOutcome deleted =
          f.domain
              .configs()
              .delete(
                  new DeleteConfigCommand(DomainFixture.ALICE, ConfigName.of("all"), null, null));
      assertThat(deleted).isInstanceOf(DeleteConfigOutcome.Deleted.class);
      assertThat(f.notifier.notifications())
          .singleElement()
          .satisfies(n -> assertThat(n.desired()).isNull());
    }

    @Test
    void appliedStatusIsRecordedWithItsHashAndEvent() {
      String token = f.mintToken(null, Map.of());
      ConnectOutcome.Connected c = (ConnectOutcome.Connected) f.connect(token, "c-1");
      f.put("all", Map.of(), "x: 1\n");
      var desired = f.domain.fleet().desiredConfig(CollectorId.of("c-1")).orElseThrow();
      f.domain
          .fleet()
          .report(
              ReportCollectorStatusCommand.builder(c.collector().id())
                  .remoteConfigStatus(
                      new RemoteConfigStatus(RemoteConfigStatus.State.APPLIED, "", desired.hash()))
                  .build());
      var view = f.domain.fleet().collector(c.collector().id()).orElseThrow();
      assertThat(view.live().appliedHash()).isEqualTo(desired.hash());
      assertThat(view.desiredConfigHash()).isEqualTo(desired.hash());
      assertThat(f.domain.fleet().events(c.collector().id(), 1).get(0).type())
          .isEqualTo(io.linkmesh.domain.fleet.CollectorEventType.CONFIG_APPLIED);
    }
  }

  @Nested
  class Restore {
    @Test
    void bringsBackTheConfigsOfAnOldRevisionAsANewOne() {
      Revision r1 = published(f.put("a", Map.of(), "v: 1\n"));
      published(f.put("a", Map.of(), "v: 2\n"));
      published(f.put("b", Map.of(), "w: 1\n"));
      RestoreOutcome outcome =
          f.domain
              .configs()
              .restore(new RestoreRevisionCommand(DomainFixture.ALICE, r1.id(), null));
      assertThat(outcome).isInstanceOf(RestoreOutcome.Restored.class);
      assertThat(f.domain.configs().configs())
          .extracting(s -> s.name().value() + "=" + s.content())
          .containsExactly("a=v: 1\n");
      assertThat(f.domain.configs().history(null, 10).items()).hasSize(4);
      assertThat(
              f.domain
                  .configs()
                  .restore(new RestoreRevisionCommand(DomainFixture.ALICE, r1.id(), null)))
          .isInstanceOf(RestoreOutcome.Unchanged.class);
    }

    @Test
    void doesNotReviveTokensOrCollectors() {
      Revision before = published(f.put("a", Map.of(), "v: 1\n"));
      String token = f.mintToken(null, Map.of());
      f.connect(token, "c-1");
      published(f.put("a", Map.of(), "v: 2\n"));
      f.domain
          .configs()
          .restore(new RestoreRevisionCommand(DomainFixture.ALICE, before.id(), null));
      assertThat(f.domain.fleet().collector(CollectorId.of("c-1")))
          .as("the collector is still there")
          .isPresent();
      assertThat(
              ((io.linkmesh.domain.port.in.ConnectOutcome.Refused) f.connect(token, "c-2"))
                  .reason())
          .as("the used token stays used")
          .isEqualTo(io.linkmesh.domain.port.in.Refusal.USED_UP);
    }

    @Test
    void unknownRevisionIsNotFound() {
      published(f.put("a", Map.of(), "v: 1\n"));
      assertThat(
              f.domain
                  .configs()
                  .restore(
                      new RestoreRevisionCommand(DomainFixture.ALICE, RevisionId.of("nope"), null)))
          .isInstanceOf(RestoreOutcome.NotFound.class);
    }
  }

  @Test
  void diffShowsEachChangedDocumentWithBothSides() {
    published(f.put("a", Map.of(), "v: 1\n"));
    Revision r2 = published(f.put("a", Map.of(), "v: 2\n"));
    RevisionDiff diff = f.domain.configs().diff(r2.id(), null).orElseThrow();
    assertThat(diff.entries())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.path()).isEqualTo("configs/a");
              assertThat(e.kind()).isEqualTo(RevisionDiff.Kind.MODIFIED);
              assertThat(e.before()).endsWith("v: 1\n");
              assertThat(e.after()).endsWith("v: 2\n");
            });
  }

  @Test
  void anotherWritersCommitIsPickedUp() {
    published(f.put("a", Map.of(), "v: 1\n"));
    ConfigSpec spec =
        new ConfigSpec(ConfigName.of("from-git"), CollectorRuntime.OTELCOL, Selector.ALL, "z: 1\n");
    f.store.commitExternally(
        new io.linkmesh.domain.revision.Commit(
            f.store.head().orElseThrow().id(),
            List.of(
                io.linkmesh.domain.revision.Change.put(
                    "configs/from-git", io.linkmesh.domain.revision.StateCodec.encode(spec))),
            "bob",
            "by hand",
            java.time.Instant.parse("2026-11-26T10:00:00Z")));
    assertThat(f.domain.configs().config(ConfigName.of("from-git"))).contains(spec);
  }
}
