package io.linkmesh.store.git;

import static io.linkmesh.store.git.Fixtures.committed;
import static io.linkmesh.store.git.Fixtures.config;
import static io.linkmesh.store.git.Fixtures.configPath;
import static io.linkmesh.store.git.Fixtures.put;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.linkmesh.domain.config.ConfigName;
import io.linkmesh.domain.config.ConfigSpec;
import io.linkmesh.domain.config.Selector;
import io.linkmesh.domain.config.ValidationProblem;
import io.linkmesh.domain.config.ValidationResult;
import io.linkmesh.domain.enrollment.EnrollmentToken;
import io.linkmesh.domain.enrollment.SecretHash;
import io.linkmesh.domain.fleet.CollectorRuntime;
import io.linkmesh.domain.port.out.ConfigValidator;
import io.linkmesh.domain.port.out.StoreException;
import io.linkmesh.domain.port.out.StoreStatus;
import io.linkmesh.domain.revision.Change;
import io.linkmesh.domain.revision.Commit;
import io.linkmesh.domain.revision.CommitResult;
import io.linkmesh.domain.revision.InvalidStateException;
import io.linkmesh.domain.revision.Revision;
import io.linkmesh.domain.revision.StateCodec;
import io.linkmesh.domain.revision.StatePaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Git store against a bare repository on local disk: startup, layout, validation, options. */
class GitRevisionStoreTest {
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

  private GitRevisionStore open(String replica) {
    return open(replica, builder -> builder);
  }

  private GitRevisionStore open(String replica, UnaryOperator<GitStoreOptions.Builder> custom) {
    GitRevisionStore store =
        GitRevisionStore.open(
            custom
                .apply(
                    GitStoreOptions.builder()
                        .remoteUrl(remote.toString())
                        .replica(replica)
                        .cloneDir(dir.resolve(replica + "/git"))
                        .remoteTimeout(Duration.ofSeconds(2)))
                .build());
    opened.add(store);
    return store;
  }

  private static String git(Path repo, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("--git-dir", repo.toString()));
    command.addAll(List.of(args));
    return Fixtures.Person.git(repo.getParent(), command.toArray(String[]::new));
  }

  @Nested
  class Startup {
    @Test
    void theLocalCloneIsOwnerOnlyWhateverTheUmask() throws Exception {
      GitRevisionStore store = open("a");
      committed(store.commit(put(null, "web", "receivers: {}\n")));

      for (Path created : List.of(dir.resolve("a"), dir.resolve("a/git"))) {
        assertThat(
                java.nio.file.attribute.PosixFilePermissions.toString(
                    java.nio.file.Files.getPosixFilePermissions(created)))
            .as("%s", created)
            .isEqualTo("rwx------");
      }
    }

    @Test
    void anEmptyRemoteGetsItsBranchWithTheFirstRevisionAndAReadme() throws Exception {
      GitRevisionStore store = open("a");
      assertThat(store.head()).isEmpty();
      assertThat(store.status()).isEqualTo(StoreStatus.OK);

      Revision first = committed(store.commit(put(null, "web", "receivers: {}\n")));

      assertThat(git(remote, "rev-parse", "main").strip()).isEqualTo(first.id().value());
      assertThat(git(remote, "ls-tree", "-r", "--name-only", "main"))
          .isEqualTo(".gitattributes\nREADME.md\nconfigs/web/config.yaml\nconfigs/web/meta\n");
      assertThat(git(remote, "log", "-1", "--format=%an|%cn|%s", "main"))
          .isEqualTo("alice|LinkMesh a|put web\n");
    }

    @Test
    void anExistingRemoteIsClonedWithItsHistory() throws Exception {
      GitRevisionStore a = open("a");
      Revision r1 = committed(a.commit(put(null, "web", "v: 1\n")));
      Revision r2 = committed(a.commit(put(r1.id(), "web", "v: 2\n")));

      GitRevisionStore b = open("b");

      assertThat(b.head()).contains(r2);
      assertThat(b.history(null, 10).items()).containsExactly(r2, r1);
      assertThat(b.snapshot(r1.id()).orElseThrow())
          .containsExactly(Map.entry(configPath("web"), config("web", "v: 1\n")));
    }

    @Test
    void anExistingRemoteWhoseHeadDoesNotValidateServesItsLastValidRevision() throws Exception {
      GitRevisionStore a = open("a");
      Revision good = committed(a.commit(put(null, "web", "v: 1\n")));
      String bad =
          new Fixtures.Person(remote, dir.resolve("pat"))
              .write("configs/web/meta", "kind: config/v1\nname: other\nruntime: otelcol\n")
              .commitAndPush("Rename in the wrong place");

      GitRevisionStore b = open("b");

      assertThat(b.head()).contains(good);
      assertThat(b.status().writable()).isFalse();
      assertThat(b.status().detail()).contains(bad, "configs/web", "not its path's name");
    }

    @Test
    void withoutACloneAnUnreachableRemoteStopsTheStart() {
      assertThatThrownBy(
              () -> open("a", builder -> builder.remoteUrl(dir.resolve("nowhere.git").toString())))
          .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.unavailable()).isTrue())
          .hasMessageContaining("cannot start");
    }

    @Test
    void withACloneAnUnreachableRemoteStartsDegradedFromTheClone() throws Exception {
      GitRevisionStore a = open("a");
      Revision r1 = committed(a.commit(put(null, "web", "v: 1\n")));
      a.close();
      opened.remove(a);
      Path away = Files.move(remote, dir.resolve("away.git"));

      GitRevisionStore again = open("a");
      assertThat(again.head()).contains(r1);
      assertThat(again.status().writable()).isFalse();

      Files.move(away, remote);
      assertThat(again.sync()).isFalse();
      assertThat(again.status()).isEqualTo(StoreStatus.OK);
      committed(again.commit(put(r1.id(), "web", "v: 2\n")));
    }
  }

  @Nested
  class AcrossReplicas {
    @Test
    void aCommitWhoseFetchMovesTheHeadTellsTheListeners() throws Exception {
      GitRevisionStore a = open("a");
      Revision r1 = committed(a.commit(put(null, "web", "v: 1\n")));
      GitRevisionStore b = open("b");
      CountDownLatch changed = new CountDownLatch(1);
      b.onExternalChange(changed::countDown);
      Revision r2 = committed(a.commit(put(r1.id(), "web", "v: 2\n")));

      Revision mine = committed(b.commit(put(r1.id(), "other", "v: 1\n")));

      assertThat(mine.parent()).isEqualTo(r2.id());
      assertThat(changed.getCount()).isZero();
      assertThat(b.snapshot(mine.id()).orElseThrow())
          .containsEntry(configPath("web"), config("web", "v: 2\n"));
    }

    @Test
    void anEnrollmentTokenIsUsedOnceAcrossReplicas() throws Exception {
      EnrollmentToken token =
          new EnrollmentToken(
              "tok1",
              new SecretHash("ab".repeat(32)),
              Fixtures.T0,
              Fixtures.T0.plusSeconds(900),
              1,
              0,
              Map.of(),
              "admin",
              false);
      String path = StatePaths.enrollmentToken(token.id());
      GitRevisionStore a = open("a");
      Revision minted =
          committed(
              a.commit(
                  new Commit(
                      null,
                      List.of(Change.put(path, StateCodec.encode(token))),
                      "admin",
                      "mint",
                      Fixtures.T0)));
      GitRevisionStore b = open("b");
      Commit use =
          new Commit(
              minted.id(),
              List.of(Change.put(path, StateCodec.encode(token.withOneMoreUse()))),
              "collector",
              "enroll",
              Fixtures.T0);

      List<CommitResult> results = ReplicaScenarios.race(() -> a.commit(use), () -> b.commit(use));

      assertThat(results).filteredOn(r -> r instanceof CommitResult.Committed).hasSize(1);
      assertThat(results).filteredOn(r -> r instanceof CommitResult.Conflict).hasSize(1);
    }
  }

  @Nested
  class Layout {
    @Test
    void configsAreSplitIntoMetaAndABodyFileNamedForTheRuntime() throws Exception {
      GitRevisionStore store = open("a");
      String alloy =
          StateCodec.encode(
              new ConfigSpec(
                  ConfigName.of("edge"),
                  CollectorRuntime.ALLOY,
                  Selector.of(Map.of("site", "paris")),
                  "logging {\n  level = \"info\"\n}\n"));
      Revision r =
          committed(
              store.commit(
                  new Commit(
                      null,
                      List.of(
                          Change.put(configPath("edge"), alloy),
                          Change.put("collectors/c-1", "kind: collector/v1\nid: c-1\n")),
                      "alice",
                      "two",
                      Fixtures.T0)));

      assertThat(git(remote, "show", "main:configs/edge/config.alloy"))
          .isEqualTo("logging {\n  level = \"info\"\n}\n");
      assertThat(git(remote, "show", "main:configs/edge/meta"))
          .isEqualTo("kind: config/v1\nname: edge\nruntime: alloy\nselector.site: paris\n");
      assertThat(git(remote, "show", "main:collectors/c-1"))
          .isEqualTo("kind: collector/v1\nid: c-1\n");
      assertThat(store.snapshot(r.id()).orElseThrow())
          .containsEntry(configPath("edge"), alloy)
          .containsEntry("collectors/c-1", "kind: collector/v1\nid: c-1\n");

      Revision deleted =
          committed(
              store.commit(
                  new Commit(
                      r.id(),
                      List.of(Change.delete(configPath("edge"))),
                      "alice",
                      "gone",
                      Fixtures.T0)));
      assertThat(git(remote, "ls-tree", "-r", "--name-only", deleted.id().value()))
          .isEqualTo(".gitattributes\nREADME.md\ncollectors/c-1\n");
    }

    @Test
    void filesOutsideTheStateAreIgnoredAndStrayFilesInsideAreReported() throws Exception {
      GitRevisionStore store = open("a");
      Revision good = committed(store.commit(put(null, "web", "v: 1\n")));
      Fixtures.Person pat = new Fixtures.Person(remote, dir.resolve("pat"));
      String docs =
          pat.write("docs/HOWTO.md", "# notes\n")
              .write("configs/.gitkeep", "")
              .commitAndPush("Notes");
      assertThat(store.sync()).isTrue();
      assertThat(store.head().orElseThrow().id().value()).isEqualTo(docs);
      assertThat(store.snapshot(store.head().orElseThrow().id()).orElseThrow())
          .containsOnlyKeys(configPath("web"));

      String stray = pat.write("configs/web/notes.txt", "todo\n").commitAndPush("Stray");
      assertThat(store.sync()).isFalse();
      assertThat(store.status().detail()).contains(stray, "configs/web/notes.txt");
      assertThat(good.id()).isNotEqualTo(store.head().orElseThrow().id());
    }
  }

  @Nested
  class Validation {
    @Test
    void configValidatorsRejectABadBodyFromAPerson() throws Exception {
      ConfigValidator yaml =
          new ConfigValidator() {
            @Override
            public CollectorRuntime runtime() {
              return CollectorRuntime.OTELCOL;
            }

            @Override
            public ValidationResult validate(String content) {
              return content.contains("\t")
                  ? ValidationResult.invalid(ValidationProblem.at(1, 1, "tabs are not YAML"))
                  : ValidationResult.valid();
            }
          };
      GitRevisionStore store =
          open(
              "a",
              builder -> builder.validator(StateValidator.withConfigValidators(List.of(yaml))));
      Revision good = committed(store.commit(put(null, "web", "v: 1\n")));
      String bad =
          new Fixtures.Person(remote, dir.resolve("pat"))
              .write("configs/web/config.yaml", "\tv: 2\n")
              .commitAndPush("Tabs");

      assertThat(store.sync()).isFalse();
      assertThat(store.head()).contains(good);
      assertThat(store.status().detail()).contains(bad, "configs/web: 1:1: tabs are not YAML");
    }

    @Test
    void theCodecValidatorNamesTheBadDocument() {
      assertThatThrownBy(
              () -> StateValidator.codec().validate(Map.of("configs/web", "kind: nonsense\n")))
          .isInstanceOf(InvalidStateException.class)
          .hasMessageContaining("configs/web");
    }
  }

  @Nested
  class Options {
    @Test
    void aPasswordInTheUrlIsRefusedWithoutRepeatingIt() {
      assertThatThrownBy(
              () ->
                  GitStoreOptions.builder()
                      .remoteUrl("https://bot:hunter2@git.example.com/state.git")
                      .cloneDir(dir)
                      .build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageNotContaining("hunter2");
    }

    @Test
    void anSshKeyNeedsKnownHosts() {
      assertThatThrownBy(
              () ->
                  new GitStoreOptions(
                      "ssh://git@git.example.com/state.git",
                      "main",
                      dir,
                      null,
                      null,
                      dir.resolve("id"),
                      null,
                      Duration.ofSeconds(5),
                      Duration.ofSeconds(10),
                      "a",
                      StateValidator.codec(),
                      java.time.Clock.systemUTC()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("known_hosts");
    }

    @Test
    void defaultsAreMainFiveSecondsAndTheCodec() {
      GitStoreOptions options =
          GitStoreOptions.builder()
              .remoteUrl("https://git.example.com/s.git")
              .cloneDir(dir)
              .build();
      assertThat(options.branch()).isEqualTo("main");
      assertThat(options.pollInterval()).isEqualTo(Duration.ofSeconds(5));
      assertThat(options.safeRemoteUrl()).isEqualTo("https://git.example.com/s.git");
    }
  }
}
