package io.linkmesh.store.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.linkmesh.domain.port.out.StoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** Replicas sharing a remote over SSH (Apache MINA SSHD) with a key and strict host checking. */
class SshRemoteTest extends ReplicaScenarios {
  private @Nullable GitSshServer server;
  private @Nullable Path key;
  private @Nullable Path knownHosts;

  /** Made once: key generation is slow on a busy machine. */
  private static @Nullable KeyPair client;

  @Override
  void startRemote(Path root) throws Exception {
    if (client == null) {
      client = GitSshServer.newRsaKey();
    }
    KeyPair client = Objects.requireNonNull(SshRemoteTest.client);
    key = Fixtures.writePrivateKey(client, dir.resolve("id_rsa"));
    server = new GitSshServer(root, client.getPublic());
    knownHosts = Files.writeString(dir.resolve("known_hosts"), server().knownHostsLine());
  }

  @Override
  void stopRemote() throws Exception {
    server().close();
  }

  @Override
  GitStoreOptions.Builder reach(GitStoreOptions.Builder builder) {
    return builder
        .remoteUrl(server().url("remote.git"))
        .ssh(Objects.requireNonNull(key), Objects.requireNonNull(knownHosts));
  }

  @Override
  void takeRemoteAway() throws Exception {
    server().stop();
  }

  @Override
  void giveRemoteBack() throws Exception {
    server().restart();
  }

  private GitSshServer server() {
    return Objects.requireNonNull(server);
  }

  @Test
  void anUnknownHostKeyIsRefused() throws Exception {
    Path otherHosts =
        Files.writeString(
            dir.resolve("other_hosts"),
            "[127.0.0.1]:1 "
                + org.apache.sshd.common.config.keys.PublicKeyEntry.toString(
                    GitSshServer.newEcKey().getPublic())
                + "\n");
    assertThatThrownBy(
            () ->
                GitRevisionStore.open(
                    GitStoreOptions.builder()
                        .remoteUrl(server().url("remote.git"))
                        .ssh(Objects.requireNonNull(key), otherHosts)
                        .cloneDir(dir.resolve("x/git"))
                        .build()))
        .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.unavailable()).isTrue());
  }
}
