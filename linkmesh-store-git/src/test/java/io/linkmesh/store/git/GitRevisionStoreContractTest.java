package io.linkmesh.store.git;

import io.linkmesh.domain.port.out.RevisionStore;
import io.linkmesh.domain.testing.RevisionStoreContract;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The domain's store contract against a bare repository on local disk. The contract's documents are
 * placeholders, not records, so this store accepts every snapshot; validation has its own tests.
 */
class GitRevisionStoreContractTest extends RevisionStoreContract {
  @TempDir Path dir;
  private final List<GitRevisionStore> opened = new ArrayList<>();
  private int replicas;

  @Override
  protected RevisionStore newStore() throws Exception {
    Path remote = dir.resolve("remote.git");
    Git.init().setBare(true).setDirectory(remote.toFile()).call().close();
    return open();
  }

  @Override
  protected RevisionStore reopen(RevisionStore store) throws Exception {
    ((GitRevisionStore) store).close();
    return open();
  }

  private GitRevisionStore open() {
    GitRevisionStore store =
        GitRevisionStore.open(
            GitStoreOptions.builder()
                .remoteUrl(dir.resolve("remote.git").toString())
                .cloneDir(dir.resolve("clone-" + (replicas++)))
                .validator(snapshot -> {})
                .build());
    opened.add(store);
    return store;
  }

  @AfterEach
  void closeStores() {
    opened.forEach(GitRevisionStore::close);
  }
}
