package io.linkmesh.app;

import io.linkmesh.domain.port.out.StoreException;
import io.linkmesh.domain.revision.InvalidStateException;
import io.linkmesh.store.fs.FsAuditLog;
import io.linkmesh.store.fs.FsRevisionStore;
import java.nio.file.Path;

/** Opens the store the settings name, and the admin token beside it. */
public final class StoreFactory {
  private StoreFactory() {}

  /**
   * @throws StartupException when the store cannot be opened as configured (locked by another
   *     process, damaged, unreachable at first start)
   */
  public static Stores open(ServerSettings settings) {
    return switch (settings.store()) {
      case FS -> openFs(settings.dataDir());
      case GIT -> throw new StartupException("--store git is not available in this build");
    };
  }

  private static Stores openFs(Path dataDir) {
    FsRevisionStore revisions;
    try {
      revisions = FsRevisionStore.open(dataDir.resolve("state"));
    } catch (StoreException | InvalidStateException e) {
      throw new StartupException(e.getMessage(), e);
    }
    FsAuditLog audit;
    try {
      audit = FsAuditLog.open(dataDir.resolve("state"));
    } catch (RuntimeException e) {
      revisions.close();
      throw new StartupException(e.getMessage(), e);
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
        settings.dataDir(), System.getenv(AdminToken.ENV), new SecureRandomSecretGenerator());
  }
}
