package io.linkmesh.store.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.linkmesh.domain.audit.AuditEntry;
import io.linkmesh.domain.audit.AuditQuery;
import io.linkmesh.domain.config.ConfigName;
import io.linkmesh.domain.enrollment.Role;
import io.linkmesh.domain.fleet.CollectorId;
import io.linkmesh.domain.revision.Change;
import io.linkmesh.domain.revision.Commit;
import io.linkmesh.domain.revision.CommitResult;
import io.linkmesh.domain.revision.DesiredState;
import io.linkmesh.domain.revision.NewerStateFormatException;
import io.linkmesh.domain.revision.Revision;
import io.linkmesh.domain.revision.RevisionId;
import io.linkmesh.domain.revision.StateCodec;
import io.linkmesh.domain.revision.StateFormat;
import io.linkmesh.domain.revision.StatePaths;
import io.linkmesh.domain.service.StateFormatUpgrade;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A store directory written by LinkMesh before the stored state carried a format version (format 1,
 * {@code src/test/resources/fixtures}) opens, reads as it was written, and migrates forward.
 */
class StateFormatFixtureTest {
  static final RevisionId R1 =
      RevisionId.of("b26b2e2112a270bd09189fd4e5b9521d1bdf39a5c2f222b6f500b5324a8b4100");
  static final RevisionId R2 =
      RevisionId.of("4427f095d32565beb2d8279ac68a4d44e48f5ea3db08e6c29ec0b93a31352505");
  static final Instant T = Instant.parse("2026-12-01T09:00:00Z");
  static final Clock CLOCK = Clock.fixed(T.plusSeconds(3600), ZoneOffset.UTC);

  final TempDirs temp = new TempDirs();

  @AfterEach
  void cleanUp() throws Exception {
    temp.close();
  }

  Path copyOfTheFixture() throws Exception {
    Path from = fixture();
    Path to = temp.create().resolve("state");
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : files.toList()) {
        Files.copy(file, to.resolve(from.relativize(file).toString()));
      }
    }
    return to;
  }

  static Path fixture() throws URISyntaxException {
    return Path.of(
            Objects.requireNonNull(
                    StateFormatFixtureTest.class.getResource("/fixtures/format-1/state/HEAD"),
                    "the fixture is on the test class path")
                .toURI())
        .getParent();
  }

  @Test
  void aFormatOneStoreReadsAsItWasWrittenAndMigratesForward() throws Exception {
    Path dir = copyOfTheFixture();
    Revision migrated;
    try (FsRevisionStore store = FsRevisionStore.open(dir)) {
      assertThat(store.head().map(Revision::id)).contains(R2);
      assertThat(store.history(null, 10).items())
          .extracting(Revision::message)
          .containsExactly("Enroll edge-1", "Create otelcol config edge-logs");
      Map<String, String> old = store.snapshot(R2).orElseThrow();
      assertThat(StateFormat.of(old)).isEqualTo(1);
      assertFixtureState(StateCodec.decode(old));

      migrated = StateFormatUpgrade.run(store, CLOCK);

      assertThat(migrated).isNotNull();
      assertThat(migrated.parent()).isEqualTo(R2);
      Map<String, String> now = store.snapshot(migrated.id()).orElseThrow();
      assertThat(StateFormat.of(now)).isEqualTo(StateFormat.CURRENT);
      assertThat(now).containsAllEntriesOf(old).hasSize(old.size() + 1);
      assertThat(StateCodec.decode(now)).isEqualTo(StateCodec.decode(old));
    }
    try (FsRevisionStore reopened = FsRevisionStore.open(dir)) {
      assertThat(reopened.head()).contains(migrated);
      assertThat(StateFormatUpgrade.run(reopened, CLOCK)).as("migrated once").isNull();
      assertThat(reopened.snapshot(R1).orElseThrow())
          .as("old revisions stay as they were")
          .containsOnlyKeys("configs/edge-logs", "api-tokens/at-1");
      Revision next =
          ((CommitResult.Committed)
                  reopened.commit(
                      new Commit(
                          migrated.id(),
                          List.of(Change.delete("api-tokens/at-1")),
                          "admin",
                          "Revoke ci",
                          T.plusSeconds(7200))))
              .revision();
      assertThat(reopened.snapshot(next.id()).orElseThrow())
          .containsKey(StatePaths.FORMAT)
          .doesNotContainKey("api-tokens/at-1");
    }
  }

  @Test
  void theAuditLogWrittenBeforeReadsAndContinues() throws Exception {
    Path dir = copyOfTheFixture();
    try (FsAuditLog audit = FsAuditLog.open(dir)) {
      assertThat(audit.query(new AuditQuery(null, null, null, null, null, 10)).items())
          .containsExactly(
              new AuditEntry(
                  2,
                  T.plusSeconds(60),
                  "collector:0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b",
                  "collector.enroll",
                  "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b",
                  "198.51.100.4",
                  "ok",
                  "détail: x\ny"),
              new AuditEntry(
                  1, T, "admin", "config.put", "edge-logs", "192.0.2.7", "ok", "revision " + R1));
      AuditEntry next =
          audit.append(
              new AuditEntry(0, T, "admin", "login.failed", "-", "192.0.2.8", "denied", ""));
      assertThat(next.sequence()).isEqualTo(3);
    }
  }

  @Test
  void aStoreInANewerFormatIsRefusedAndLeftAsItIs() throws Exception {
    Path dir = copyOfTheFixture();
    try (FsRevisionStore store = FsRevisionStore.open(dir)) {
      Revision newer =
          ((CommitResult.Committed)
                  store.commit(
                      new Commit(
                          R2,
                          List.of(
                              Change.put(StatePaths.FORMAT, "kind: state-format/v1\nversion: 3\n")),
                          "a newer linkmesh",
                          "Migrate the stored state from format 1 to 3",
                          T)))
              .revision();

      assertThatThrownBy(() -> StateFormatUpgrade.run(store, CLOCK))
          .isInstanceOf(NewerStateFormatException.class)
          .hasMessageContaining("format 3")
          .hasMessageContaining("up to " + StateFormat.CURRENT);
      assertThat(store.head()).contains(newer);
    }
  }

  static void assertFixtureState(DesiredState state) {
    assertThat(state.configs())
        .containsOnlyKeys(ConfigName.of("edge-logs"), ConfigName.of("alloy-base"));
    assertThat(state.configs().get(ConfigName.of("edge-logs")).content())
        .isEqualTo("receivers:\n  otlp:\n    protocols:\n      grpc: {}\n");
    assertThat(state.configs().get(ConfigName.of("edge-logs")).selector().matchers())
        .isEqualTo(Map.of("env", "prod"));
    assertThat(state.apiTokens().get("at-1").role()).isEqualTo(Role.OPERATOR);
    assertThat(state.enrollmentTokens().get("et-1").uses()).isEqualTo(1);
    assertThat(
            state.collectors().get(CollectorId.of("0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b")).labels())
        .isEqualTo(Map.of("env", "prod"));
  }
}
