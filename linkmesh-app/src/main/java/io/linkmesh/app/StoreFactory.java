package io.linkmesh.app;

import io.linkmesh.domain.port.out.ConfigValidator;
import io.linkmesh.domain.port.out.SecretGenerator;
import io.linkmesh.domain.port.out.StoreException;
import io.linkmesh.domain.revision.InvalidStateException;
import io.linkmesh.domain.revision.NewerStateFormatException;
import io.linkmesh.domain.revision.Revision;
import io.linkmesh.domain.revision.StateFormat;
import io.linkmesh.domain.service.StateFormatUpgrade;
import io.linkmesh.store.fs.FsAuditLog;
import io.linkmesh.store.fs.FsRevisionStore;
import io.linkmesh.store.git.GitRevisionStore;
import io.linkmesh.store.git.GitStoreOptions;
import io.linkmesh.store.git.StateValidator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Opens the store the settings name, and the admin token beside it. */
public final class StoreFactory {
  private static final Logger LOG = LoggerFactory.getLogger(StoreFactory.class);

  private StoreFactory() {}

  /**
   * @throws StartupException when the store cannot be opened as configured (a Git remote
   *     unreachable at first start, bad credentials)
   * @throws StoreUnusableException when the built-in store is damaged or held by another process,
   *     or a store is in a newer format than this server knows
   */
  public static Stores open(ServerSettings settings, List<ConfigValidator> validators) {
    Stores stores =
        switch (settings.store()) {
          case FS -> openFs(settings.dataDir());
          case GIT -> openGit(settings, validators);
        };
    upgradeFormat(stores);
    return stores;
  }

  /**
   * Writes the migration of a store in an older format before anything reads it; refuses a store in
   * a newer format as unusable, as a damaged one. A Git remote that cannot take the migration now
   * only delays it: the state is read migrated in memory, and the next start writes it.
   */
  private static void upgradeFormat(Stores stores) {
    try {
      Revision migrated = StateFormatUpgrade.run(stores.revisions(), Clock.systemUTC());
      if (migrated != null) {
        LOG.info(
            "Migrated the stored state to format {} in revision {}",
            StateFormat.CURRENT,
            migrated.id());
      }
    } catch (StoreException e) {
      if (!e.unavailable()) {
        stores.close();
        throw new StoreUnusableException(String.valueOf(e.getMessage()), e);
      }
      LOG.warn("The stored state's format is migrated at the next start: {}", e.getMessage());
    } catch (InvalidStateException e) {
      stores.close();
      throw new StoreUnusableException(String.valueOf(e.getMessage()), e);
    }
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
    } catch (NewerStateFormatException e) {
      throw new StoreUnusableException(String.valueOf(e.getMessage()), e);
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
