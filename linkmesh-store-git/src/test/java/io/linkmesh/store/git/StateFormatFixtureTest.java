package io.linkmesh.store.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.linkmesh.domain.audit.AuditEntry;
import io.linkmesh.domain.audit.AuditQuery;
import io.linkmesh.domain.config.ConfigName;
import io.linkmesh.domain.enrollment.Role;
import io.linkmesh.domain.fleet.CollectorId;
import io.linkmesh.domain.revision.DesiredState;
import io.linkmesh.domain.revision.NewerStateFormatException;
import io.linkmesh.domain.revision.Revision;
import io.linkmesh.domain.revision.RevisionId;
import io.linkmesh.domain.revision.StateCodec;
import io.linkmesh.domain.revision.StateFormat;
import io.linkmesh.domain.service.StateFormatUpgrade;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Git store's remote written by LinkMesh before the stored state carried a format version (format
 * 1, {@code src/test/resources/fixtures}) opens, reads as it was written, and migrates forward.
 */
class StateFormatFixtureTest {
  static final RevisionId R1 = RevisionId.of("3c555755335fdfcf2d2408c3bff4cf2e65826a88");
  static final RevisionId R2 = RevisionId.of("6dfb5d1785586b21491d28c6384730fb9032d434");
  static final Instant T = Instant.parse("2026-12-01T09:00:00Z");
  static final Clock CLOCK = Clock.fixed(T.plusSeconds(3600), ZoneOffset.UTC);

  @TempDir Path dir;
  private Path remote;
  private final List<GitRevisionStore> opened = new ArrayList<>();
  private int clones;

  @BeforeEach
  void copyTheFixture() throws Exception {
    Path from =
        Path.of(
                Objects.requireNonNull(
                        StateFormatFixtureTest.class.getResource(
                            "/fixtures/format-1-remote.git/HEAD"),
                        "the fixture is on the test class path")
                    .toURI())
            .getParent();
    remote = dir.resolve("remote.git");
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : files.toList()) {
        Files.copy(file, remote.resolve(from.relativize(file).toString()));
      }
    }
  }

  @AfterEach
  void closeStores() {
    opened.forEach(GitRevisionStore::close);
  }

  private GitRevisionStore open() {
    GitRevisionStore store =
        GitRevisionStore.open(
            GitStoreOptions.builder()
                .remoteUrl(remote.toString())
                .replica("r1")
                .cloneDir(dir.resolve("clone-" + clones++))
                .build());
    opened.add(store);
    return store;
  }

  @Test
  void aFormatOneRemoteReadsAsItWasWrittenAndMigratesForward() throws Exception {
    GitRevisionStore store = open();
    assertThat(store.head().map(Revision::id)).contains(R2);
    assertThat(store.history(null, 10).items()).extracting(Revision::id).containsExactly(R2, R1);
    Map<String, String> old = store.snapshot(R2).orElseThrow();
    assertThat(StateFormat.of(old)).isEqualTo(1);
    assertFixtureState(StateCodec.decode(old));

    Revision migrated = StateFormatUpgrade.run(store, CLOCK);

    assertThat(migrated).isNotNull();
    assertThat(migrated.parent()).isEqualTo(R2);
    assertThat(migrated.author()).isEqualTo(StateFormat.MIGRATION_AUTHOR);
    assertThat(Fixtures.Person.git(dir, "--git-dir", remote.toString(), "show", "main:format"))
        .as("pushed, as a file at the root of the tree")
        .isEqualTo(StateFormat.document(StateFormat.CURRENT));

    GitRevisionStore another = open();
    assertThat(another.head()).contains(migrated);
    Map<String, String> now = another.snapshot(migrated.id()).orElseThrow();
    assertThat(StateFormat.of(now)).isEqualTo(StateFormat.CURRENT);
    assertThat(now).containsAllEntriesOf(old).hasSize(old.size() + 1);
    assertThat(StateFormatUpgrade.run(another, CLOCK)).as("migrated once").isNull();
  }

  @Test
  void theAuditLogWrittenBeforeReadsAndContinues() {
    GitRevisionStore store = open();
    assertThat(store.auditLog().query(new AuditQuery(null, null, null, null, null, 10)).items())
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
        store
            .auditLog()
            .append(new AuditEntry(0, T, "admin", "login.failed", "-", "192.0.2.8", "denied", ""));
    assertThat(next.sequence()).isEqualTo(3);
  }

  @Test
  void aBranchHeadInANewerFormatIsRefusedWhileRunningAndAtStart() throws Exception {
    GitRevisionStore running = open();
    Fixtures.Person person = new Fixtures.Person(remote, dir.resolve("person"));
    person.write("format", "kind: state-format/v1\nversion: 3\n");
    person.commitAndPush("A newer LinkMesh migrated the state to format 3");

    assertThat(running.sync()).isFalse();
    assertThat(running.head().map(Revision::id)).contains(R2);
    assertThat(running.status().detail()).contains("format 3").contains("up to 2");

    assertThatThrownBy(this::open)
        .isInstanceOf(NewerStateFormatException.class)
        .hasMessageContaining("format 3")
        .hasMessageContaining("up to " + StateFormat.CURRENT);
  }

  static void assertFixtureState(DesiredState state) {
    assertThat(state.configs())
        .containsOnlyKeys(ConfigName.of("edge-logs"), ConfigName.of("alloy-base"));
    assertThat(state.configs().get(ConfigName.of("edge-logs")).content())
        .isEqualTo("receivers:\n  otlp:\n    protocols:\n      grpc: {}\n");
    assertThat(state.apiTokens().get("at-1").role()).isEqualTo(Role.OPERATOR);
    assertThat(state.enrollmentTokens().get("et-1").uses()).isEqualTo(1);
    assertThat(
            state.collectors().get(CollectorId.of("0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b")).labels())
        .isEqualTo(Map.of("env", "prod"));
  }
}
