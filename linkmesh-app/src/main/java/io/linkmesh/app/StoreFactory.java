package io.linkmesh.app;

import io.linkmesh.domain.port.out.ConfigValidator;
import io.linkmesh.domain.port.out.SecretGenerator;
import io.linkmesh.domain.port.out.StoreException;
import io.linkmesh.domain.revision.InvalidStateException;
import io.linkmesh.store.fs.FsAuditLog;
import io.linkmesh.store.fs.FsRevisionStore;
import io.linkmesh.store.git.GitRevisionStore;
import io.linkmesh.store.git.GitStoreOptions;
import io.linkmesh.store.git.StateValidator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/** Opens the store the settings name, and the admin token beside it. */
public final class StoreFactory {
  private StoreFactory() {}

  /**
   * @throws StartupException when the store cannot be opened as configured (a Git remote
   *     unreachable at first start, bad credentials)
   * @throws StoreUnusableException when the built-in store is damaged or held by another process
   */
  public static Stores open(ServerSettings settings, List<ConfigValidator> validators) {
    return switch (settings.store()) {
      case FS -> openFs(settings.dataDir());
      case GIT -> openGit(settings, validators);
    };
  }

  private static Stores openGit(ServerSettings settings, List<ConfigValidator> validators) {
    ServerSettings.GitSettings git = Objects.requireNonNull(settings.git(), "git");
    GitStoreOptions.Builder options =
        GitStoreOptions.builder()
            .remoteUrl(git.url())
            .branch(git.branch())
            .cloneDir(settings.dataDir().resolve("git"))
            .pollInterval(git.pollInterval())
            .replica(settings.replica())
            .validator(StateValidator.withConfigValidators(validators));
    if (git.sshKey() != null) {
      Path knownHosts =
          git.knownHosts() != null
              ? git.knownHosts()
              : Path.of(System.getProperty("user.home"), ".ssh", "known_hosts");
      if (!Files.isReadable(git.sshKey())) {
        throw new StartupException("--git-ssh-key " + git.sshKey() + " is not readable");
      }
      if (!Files.isReadable(knownHosts)) {
        throw new StartupException(
            "the Git remote's host key must be known: "
                + knownHosts
                + " is not readable (--git-known-hosts)");
      }
      options.ssh(git.sshKey(), knownHosts);
    } else if (git.username() != null || git.passwordFile() != null) {
      if (git.username() == null || git.passwordFile() == null) {
        throw new StartupException("--git-username and --git-password-file go together");
      }
      if (!Files.isReadable(git.passwordFile())) {
        throw new StartupException(
            "--git-password-file " + git.passwordFile() + " is not readable");
      }
      options.https(git.username(), git.passwordFile());
    }
    GitRevisionStore store;
    try {
      store = GitRevisionStore.open(options.build());
    } catch (StoreException | IllegalArgumentException e) {
      throw new StartupException("cannot open the Git store: " + e.getMessage(), e);
    }
    store.start();
    return new Stores(store, store.auditLog(), store.fleetStatus(), store::close);
  }

  private static Stores openFs(Path dataDir) {
    FsRevisionStore revisions;
    try {
      revisions = FsRevisionStore.open(dataDir.resolve("state"));
    } catch (StoreException | InvalidStateException e) {
      throw new StoreUnusableException(e.getMessage(), e);
    }
    FsAuditLog audit;
    try {
      audit = FsAuditLog.open(dataDir.resolve("state"));
    } catch (RuntimeException e) {
      revisions.close();
      throw new StoreUnusableException(String.valueOf(e.getMessage()), e);
    }
    return new Stores(
        revisions,
        audit,
        () -> {
          audit.close();
          revisions.close();
        });
  }

  public static AdminToken adminToken(ServerSettings settings) {
    return AdminToken.load(
        settings.dataDir(), System.getenv(AdminToken.ENV), SecretGenerator.secureRandom());
  }
}
