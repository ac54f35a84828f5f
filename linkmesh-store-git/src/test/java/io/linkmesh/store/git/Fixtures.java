package io.linkmesh.store.git;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.linkmesh.domain.config.ConfigName;
import io.linkmesh.domain.config.ConfigSpec;
import io.linkmesh.domain.config.Selector;
import io.linkmesh.domain.fleet.CollectorRuntime;
import io.linkmesh.domain.revision.Change;
import io.linkmesh.domain.revision.Commit;
import io.linkmesh.domain.revision.CommitResult;
import io.linkmesh.domain.revision.Revision;
import io.linkmesh.domain.revision.RevisionId;
import io.linkmesh.domain.revision.StateCodec;
import io.linkmesh.domain.revision.StatePaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.StoredConfig;
import org.jspecify.annotations.Nullable;

/** Documents, commits, remotes and a person with the git command line, for the store's tests. */
final class Fixtures {
  static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

  private Fixtures() {}

  static String config(String name, String body) {
    return StateCodec.encode(
        new ConfigSpec(
            ConfigName.of(name),
            CollectorRuntime.OTELCOL,
            Selector.of(Map.of("env", "prod")),
            body));
  }

  static String configPath(String name) {
    return StatePaths.config(ConfigName.of(name));
  }

  static Commit put(@Nullable RevisionId base, String name, String body) {
    return new Commit(
        base,
        List.of(Change.put(configPath(name), config(name, body))),
        "alice",
        "put " + name,
        T0);
  }

  static Revision committed(CommitResult result) {
    assertThat(result).isInstanceOf(CommitResult.Committed.class);
    return ((CommitResult.Committed) result).revision();
  }

  /** An empty bare repository whose default branch is main. */
  static Path bareRemote(Path dir) throws Exception {
    Files.createDirectories(dir);
    try (Git git =
        Git.init().setBare(true).setInitialBranch("main").setDirectory(dir.toFile()).call()) {
      // JGit's receive-pack would otherwise repack in the background after 50 pushes.
      StoredConfig config = git.getRepository().getConfig();
      config.setBoolean("receive", null, "autogc", false);
      config.save();
    }
    return dir;
  }

  /** Writes an unencrypted PKCS#8 PEM private key, as OpenSSH and JGit read it. */
  static Path writePrivateKey(KeyPair key, Path file) throws IOException {
    String pem =
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(UTF_8))
                .encodeToString(key.getPrivate().getEncoded())
            + "\n-----END PRIVATE KEY-----\n";
    Files.writeString(file, pem);
    return file;
  }

  /** Someone working on the remote with the git command line, in their own clone. */
  static final class Person {
    private final Path work;

    Person(Path remote, Path work) throws Exception {
      this.work = work;
      git(work.getParent(), "clone", "-q", remote.toString(), work.toString());
    }

    Person write(String path, String text) throws IOException {
      Path file = work.resolve(path);
      Files.createDirectories(file.getParent());
      Files.writeString(file, text);
      return this;
    }

    String read(String path) throws IOException {
      return Files.readString(work.resolve(path));
    }

    /** Pulls, commits everything as Pat Person and pushes; returns the new commit id. */
    String commitAndPush(String message) throws Exception {
      git(work, "add", "-A");
      git(
          work,
          "-c",
          "user.name=Pat Person",
          "-c",
          "user.email=pat@example.com",
          "commit",
          "-q",
          "-m",
          message);
      git(work, "push", "-q", "origin", "HEAD:main");
      return git(work, "rev-parse", "HEAD").strip();
    }

    void pull() throws Exception {
      git(work, "pull", "-q", "--ff-only", "origin", "main");
    }

    static String git(Path dir, String... args) throws Exception {
      List<String> command = new ArrayList<>();
      command.add("git");
      command.addAll(List.of(args));
      Process process =
          new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), UTF_8);
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("git %s finished", command).isTrue();
      assertThat(process.exitValue()).as("git %s: %s", command, output).isZero();
      return output;
    }
  }
}
