package io.linkmesh.domain.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.linkmesh.domain.fleet.AttributeLimits;
import io.linkmesh.domain.fleet.CollectorId;
import io.linkmesh.domain.fleet.CollectorRuntime;
import io.linkmesh.domain.fleet.CollectorWriteRate;
import io.linkmesh.domain.fleet.Transport;
import io.linkmesh.domain.port.in.AuthenticateCollectorCommand;
import io.linkmesh.domain.port.in.ConnectCollectorCommand;
import io.linkmesh.domain.port.in.ConnectCollectorCommand.CredentialRequest;
import io.linkmesh.domain.port.in.ConnectOutcome;
import io.linkmesh.domain.port.in.ReportCollectorStatusCommand;
import io.linkmesh.domain.revision.HistoryPage;
import io.linkmesh.domain.revision.StatePaths;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** What a collector can make the server write to its store, and how often. */
class CollectorWritesTest {

  private static final CollectorId ALLOY = CollectorId.of("alloy-1");
  private static final Duration REFILL = CollectorWriteRate.defaults().refill();
  private static final int BURST = CollectorWriteRate.defaults().burst();

  private final DomainFixture f = new DomainFixture();

  /** 256 attributes of 4 KiB each: what the disk-fill probe sent, 1 MiB per call. */
  private static Map<String, String> hugeAttributes(String salt) {
    Map<String, String> out = new HashMap<>();
    for (int i = 0; i < 256; i++) {
      out.put("probe." + i, salt + "x".repeat(4096 - salt.length()));
    }
    return out;
  }

  private ConnectOutcome connectAlloy(
      String token, @Nullable String name, Map<String, String> attributes) {
    return f.domain
        .fleet()
        .connect(
            new ConnectCollectorCommand(
                f.domain.fleet().authenticate(new AuthenticateCollectorCommand(token)),
                ALLOY,
                CollectorRuntime.ALLOY,
                Transport.REMOTECFG,
                name,
                attributes,
                CredentialRequest.NONE,
                Duration.ofMinutes(1),
                "198.51.100.1"));
  }

  private int revisions() {
    return f.store.history(null, HistoryPage.MAX_LIMIT).items().size();
  }

  private String stored(CollectorId id) {
    var head = f.store.head().orElseThrow();
    return f.store.snapshot(head.id()).orElseThrow().get(StatePaths.collector(id));
  }

  private @Nullable String storedName(CollectorId id) {
    return f.domain.configs().head().isEmpty()
        ? null
        : io.linkmesh.domain.revision.StateCodec.decodeCollector(stored(id)).name();
  }

  @Nested
  class OversizedAttributes {
    @Test
    void aRegistrationWithHugeAttributesIsAcceptedAndStoredCutToTheLimits() {
      String token = f.mintToken(null, Map.of());

      ConnectOutcome outcome = connectAlloy(token, "edge", hugeAttributes("a"));

      assertThat(outcome).isInstanceOf(ConnectOutcome.Connected.class);
      assertThat(stored(ALLOY).length())
          .as("the stored record, not 1 MiB of attributes")
          .isLessThan(AttributeLimits.COLLECTOR.maxTotalChars() * 2);
      assertThat(((ConnectOutcome.Connected) outcome).collector().attributes().size())
          .isLessThanOrEqualTo(AttributeLimits.COLLECTOR.maxEntries());
    }

    @Test
    void moreAttributesThanTheOldLimitAreCutNotRefused() {
      String token = f.mintToken(null, Map.of());
      Map<String, String> many = new HashMap<>();
      for (int i = 0; i < 300; i++) {
        many.put("k" + i, "v");
      }
      many.put("service.name", "alloy");

      ConnectOutcome outcome = connectAlloy(token, null, many);

      assertThat(outcome).isInstanceOf(ConnectOutcome.Connected.class);
      assertThat(((ConnectOutcome.Connected) outcome).collector().attributes())
          .hasSize(AttributeLimits.COLLECTOR.maxEntries());
    }

    @Test
    void aReportWithHugeAttributesIsCutToo() {
      String token = f.mintToken(null, Map.of());
      connectAlloy(token, null, Map.of("collector.os", "linux"));

      f.domain
          .fleet()
          .report(
              ReportCollectorStatusCommand.builder(ALLOY).attributes(hugeAttributes("r")).build());

      assertThat(f.domain.fleet().collector(ALLOY).orElseThrow().attributes())
          .satisfies(a -> assertThat(AttributeLimits.COLLECTOR.fits(a)).isTrue());
    }
  }

  @Nested
  class NothingChangedNothingWritten {
    @Test
    void newAttributesAfterRegistrationWriteNoRevision() {
      String token = f.mintToken(null, Map.of());
      connectAlloy(token, "edge", Map.of("collector.os", "linux", "uptime", "1"));
      int before = revisions();

      connectAlloy(token, "edge", Map.of("collector.os", "linux", "uptime", "2"));
      f.domain
          .fleet()
          .report(
              ReportCollectorStatusCommand.builder(ALLOY)
                  .attributes(Map.of("collector.os", "linux", "uptime", "3"))
                  .build());

      assertThat(revisions()).isEqualTo(before);
    }

    @Test
    void givingTheStoredNameAgainWritesNothingAndSpendsNoBudget() {
      String token = f.mintToken(null, Map.of());
      connectAlloy(token, null, Map.of());
      connectAlloy(token, "edge", Map.of());
      int before = revisions();

      for (int i = 0; i < 10; i++) {
        connectAlloy(token, "edge", Map.of());
      }
      connectAlloy(token, "edge two", Map.of());

      assertThat(revisions()).isEqualTo(before + 1);
      assertThat(storedName(ALLOY)).isEqualTo("edge two");
    }
  }

  @Nested
  class RenameChurn {
    @Test
    void thirtyRenamesInARowAddOnlyTheBurstOfRevisions() {
      String token = f.mintToken(null, Map.of());
      connectAlloy(token, null, hugeAttributes("0"));
      int afterRegistration = revisions();

      for (int i = 1; i <= 30; i++) {
        connectAlloy(token, "name-" + i, hugeAttributes(Integer.toString(i)));
      }

      assertThat(revisions() - afterRegistration).isEqualTo(BURST);
      assertThat(f.domain.fleet().collector(ALLOY).orElseThrow().displayName())
          .as("the latest name is shown at once")
          .isEqualTo("name-30");
    }

    @Test
    void theLatestNameIsStoredOnTheFirstCallAfterTheBudgetRefills() {
      String token = f.mintToken(null, Map.of());
      connectAlloy(token, null, Map.of());
      for (int i = 1; i <= 10; i++) {
        connectAlloy(token, "name-" + i, Map.of());
      }
      assertThat(storedName(ALLOY)).isEqualTo("name-" + BURST);
      int before = revisions();

      f.advance(REFILL.minusSeconds(1));
      connectAlloy(token, null, Map.of());
      assertThat(revisions()).as("not before the refill").isEqualTo(before);

      f.advance(Duration.ofSeconds(1));
      connectAlloy(token, null, Map.of()); // a plain GetConfig poll, no name in it
      connectAlloy(token, null, Map.of());

      assertThat(storedName(ALLOY)).isEqualTo("name-10");
      assertThat(revisions()).isEqualTo(before + 1);
    }

    @Test
    void aRenameBackToTheStoredNameCancelsTheWaitingOne() {
      String token = f.mintToken(null, Map.of());
      connectAlloy(token, null, Map.of());
      for (int i = 1; i <= BURST; i++) {
        connectAlloy(token, "name-" + i, Map.of());
      }
      connectAlloy(token, "passing", Map.of());
      connectAlloy(token, "name-" + BURST, Map.of());
      int before = revisions();

      f.advance(REFILL.multipliedBy(2));
      connectAlloy(token, null, Map.of());

      assertThat(revisions()).isEqualTo(before);
      assertThat(f.domain.fleet().collector(ALLOY).orElseThrow().displayName())
          .isEqualTo("name-" + BURST);
    }
  }

  @Nested
  class CredentialChurn {
    @Test
    void rotatingOnEveryConnectionIssuesOnlyAtTheWriteRateAndIsNeverRefused() {
      String token = f.mintToken(null, Map.of());
      f.connect(token, "otel-1", Map.of("host.name", "otel-1"), CredentialRequest.NONE);
      int before = revisions();
      int issued = 0;
      // Once it holds a credential the token no longer authenticates it: it rotates with the
      // credential it was given last.
      String secret = token;

      for (int i = 0; i < 20; i++) {
        ConnectOutcome outcome =
            f.connect(secret, "otel-1", Map.of("host.name", "otel-1"), CredentialRequest.ROTATE);
        assertThat(outcome).isInstanceOf(ConnectOutcome.Connected.class);
        String credential = ((ConnectOutcome.Connected) outcome).issuedCredential();
        if (credential != null) {
          issued++;
          secret = credential;
        }
      }

      assertThat(issued).isEqualTo(BURST);
      assertThat(revisions() - before).isEqualTo(BURST);

      f.advance(REFILL);
      ConnectOutcome later =
          f.connect(secret, "otel-1", Map.of("host.name", "otel-1"), CredentialRequest.ROTATE);
      assertThat(((ConnectOutcome.Connected) later).issuedCredential())
          .as("deferred, not lost: issued once the budget refills")
          .isNotNull();
    }
  }
}
