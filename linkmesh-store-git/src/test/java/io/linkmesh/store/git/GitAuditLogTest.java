package io.linkmesh.store.git;

import static org.assertj.core.api.Assertions.assertThat;

import io.linkmesh.domain.audit.AuditEntry;
import io.linkmesh.domain.audit.AuditQuery;
import io.linkmesh.domain.port.out.AuditLog;
import io.linkmesh.domain.testing.AuditLogContract;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The domain's audit log contract, and the log's trip through the remote. */
class GitAuditLogTest extends AuditLogContract {
  @TempDir Path dir;
  private Path remote;
  private final List<GitRevisionStore> opened = new ArrayList<>();
  private final java.util.Map<AuditLog, GitRevisionStore> owners = new java.util.HashMap<>();

  @BeforeEach
  void createRemote() throws Exception {
    remote = Fixtures.bareRemote(dir.resolve("remote.git"));
  }

  @AfterEach
  void closeStores() {
    opened.forEach(GitRevisionStore::close);
  }

  private GitRevisionStore store(String replica, String disk) {
    GitRevisionStore store =
        GitRevisionStore.open(
            GitStoreOptions.builder()
                .remoteUrl(remote.toString())
                .replica(replica)
                .cloneDir(dir.resolve(disk + "/git"))
                .build());
    opened.add(store);
    owners.put(store.auditLog(), store);
    return store;
  }

  @Override
  protected AuditLog newLog() {
    return store("a", "a").auditLog();
  }

  @Override
  protected AuditLog reopen(AuditLog log) {
    GitRevisionStore owner = owners.get(log);
    owner.close();
    opened.remove(owner);
    return store("a", "a").auditLog();
  }

  @Test
  void entriesReachTheRemoteAndAReplicaOnAFreshDiskContinuesItsLog() throws Exception {
    GitRevisionStore a = store("a", "disk-1");
    GitAuditLog log = a.auditLog();
    AuditEntry first = log.append(entry(1, "alice", "config.put"));
    AuditEntry second = log.append(entry(2, "bob", "api_token.mint"));
    assertThat(log.pushed()).isFalse();

    a.sync();

    assertThat(log.pushed()).isTrue();
    assertThat(
            Fixtures.Person.git(
                dir, "--git-dir", remote.toString(), "log", "--format=%s", "refs/linkmesh/audit/a"))
        .contains("kind: audit/v1");

    GitAuditLog again = store("a", "disk-2").auditLog();
    assertThat(again.query(new AuditQuery(null, null, null, null, null, 10)).items())
        .containsExactly(second, first);
    assertThat(again.append(entry(3, "carol", "collector.enroll")).sequence()).isEqualTo(3);
  }

  @Test
  void eachReplicaKeepsItsOwnLogOnTheRemote() throws Exception {
    GitRevisionStore a = store("a", "a");
    GitRevisionStore b = store("b", "b");
    a.auditLog().append(entry(1, "alice", "config.put"));
    b.auditLog().append(entry(2, "bob", "config.put"));
    a.sync();
    b.sync();
    String refs =
        Fixtures.Person.git(
            dir,
            "--git-dir",
            remote.toString(),
            "for-each-ref",
            "--format=%(refname)",
            "refs/linkmesh/audit");
    assertThat(refs).isEqualTo("refs/linkmesh/audit/a\nrefs/linkmesh/audit/b\n");
    assertThat(a.auditLog().query(new AuditQuery(null, null, null, null, null, 10)).items())
        .extracting(AuditEntry::actor)
        .containsExactly("alice");
  }
}
