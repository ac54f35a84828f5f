package io.linkmesh.store.fs;

import io.linkmesh.domain.port.out.AuditLog;
import io.linkmesh.domain.testing.AuditLogContract;
import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;

/** The domain's audit log contract, on disk, reopening the directory for {@link #reopen}. */
class FsAuditLogContractTest extends AuditLogContract {
  private final TempDirs temp = new TempDirs();
  private final Map<AuditLog, Path> dirs = new IdentityHashMap<>();

  @Override
  protected AuditLog newLog() throws Exception {
    Path dir = temp.create();
    FsAuditLog log = temp.track(FsAuditLog.open(dir));
    dirs.put(log, dir);
    return log;
  }

  @Override
  protected AuditLog reopen(AuditLog log) throws Exception {
    ((FsAuditLog) log).close();
    Path dir = dirs.get(log);
    FsAuditLog reopened = temp.track(FsAuditLog.open(dir));
    dirs.put(reopened, dir);
    return reopened;
  }

  @AfterEach
  void cleanUp() throws Exception {
    temp.close();
  }
}
