package io.linkmesh.store.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.linkmesh.domain.port.out.StoreException;
import io.linkmesh.domain.revision.Revision;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Replicas sharing a remote over smart HTTP with basic authentication ({@code git http-backend}).
 */
class HttpRemoteTest extends ReplicaScenarios {
  private static final String PASSWORD = "s3cret-token-4711";
  private @Nullable GitHttpServer server;
  private @Nullable Path passwordFile;

  @Override
  void startRemote(Path root) throws Exception {
    server = new GitHttpServer(root, "linkmesh", PASSWORD);
    passwordFile = Files.writeString(dir.resolve("password"), PASSWORD + "\n");
  }

  @Override
  void stopRemote() {
    server().close();
  }

  @Override
  GitStoreOptions.Builder reach(GitStoreOptions.Builder builder) {
    return builder.remoteUrl(server().url("remote.git")).https("linkmesh", passwordFile());
  }

  @Override
  void takeRemoteAway() {
    server().available(false);
  }

  @Override
  void giveRemoteBack() {
    server().available(true);
  }

  private GitHttpServer server() {
    return java.util.Objects.requireNonNull(server);
  }

  private Path passwordFile() {
    return java.util.Objects.requireNonNull(passwordFile);
  }

  @Test
  void aPushTheRemoteRefusesFailsClearlyAndChangesNothing() throws Exception {
    GitRevisionStore a = replica("a");
    Revision base = Fixtures.committed(a.commit(Fixtures.put(null, "web", "v: 0\n")));
    Path hook = remote.resolve("hooks/pre-receive");
    Files.createDirectories(hook.getParent());
    Files.writeString(hook, "#!/bin/sh\necho 'main is protected' >&2\nexit 1\n");
    hook.toFile().setExecutable(true);

    assertThatThrownBy(() -> a.commit(Fixtures.put(base.id(), "web", "v: 1\n")))
        .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.unavailable()).isTrue())
        .hasMessageContaining("refused the push")
        .hasMessageContaining("pre-receive hook declined");
    assertThat(a.head()).contains(base);
    assertThat(Fixtures.Person.git(dir, "--git-dir", remote.toString(), "rev-parse", "main"))
        .isEqualTo(base.id().value() + "\n");
  }

  @Test
  void aWrongPasswordIsRefusedWithoutShowingAnyPassword() throws Exception {
    Path wrong = Files.writeString(dir.resolve("wrong"), "not-the-token");
    assertThatThrownBy(
            () ->
                GitRevisionStore.open(
                    GitStoreOptions.builder()
                        .remoteUrl(server().url("remote.git"))
                        .https("linkmesh", wrong)
                        .cloneDir(dir.resolve("x/git"))
                        .build()))
        .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.unavailable()).isTrue())
        .hasMessageContaining("127.0.0.1")
        .satisfies(
            e ->
                assertThat(e.getMessage())
                    .doesNotContain("not-the-token")
                    .doesNotContain(PASSWORD));
  }
}
