package io.linkmesh.store.fs;

import io.linkmesh.domain.port.out.RevisionStore;
import io.linkmesh.domain.testing.RevisionStoreContract;
import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;

/** The domain's store contract, on disk, reopening the directory for {@link #reopen}. */
class FsRevisionStoreContractTest extends RevisionStoreContract {
  private final TempDirs temp = new TempDirs();
  private final Map<RevisionStore, Path> dirs = new IdentityHashMap<>();

  @Override
  protected RevisionStore newStore() throws Exception {
    Path dir = temp.create();
    FsRevisionStore store = temp.track(FsRevisionStore.open(dir));
    dirs.put(store, dir);
    return store;
  }

  @Override
  protected RevisionStore reopen(RevisionStore store) throws Exception {
    ((FsRevisionStore) store).close();
    Path dir = dirs.get(store);
    FsRevisionStore reopened = temp.track(FsRevisionStore.open(dir));
    dirs.put(reopened, dir);
    return reopened;
  }

  @AfterEach
  void cleanUp() throws Exception {
    temp.close();
  }
}
