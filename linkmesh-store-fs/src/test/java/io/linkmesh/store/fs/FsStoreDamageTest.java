package io.linkmesh.store.fs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.linkmesh.domain.audit.AuditEntry;
import io.linkmesh.domain.audit.AuditQuery;
import io.linkmesh.domain.port.out.StoreException;
import io.linkmesh.domain.revision.Change;
import io.linkmesh.domain.revision.Commit;
import io.linkmesh.domain.revision.CommitResult;
import io.linkmesh.domain.revision.Revision;
import io.linkmesh.domain.revision.RevisionId;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Truncated, bit-flipped and hand-edited files are detected, reported and recoverable. */
class FsStoreDamageTest {
  private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
  private final TempDirs temp = new TempDirs();
  private Path dir;
  private Path pack;
  private Revision r1;
  private Revision r2;
  private Revision r3;

  @BeforeEach
  void threeRevisions() throws Exception {
    dir = temp.create();
    pack = dir.resolve("objects").resolve("pack-00000001.dat");
    try (FsRevisionStore store = FsRevisionStore.open(dir)) {
      r1 = commit(store, null, "configs/a", "FIRST-CONTENT\n");
      r2 = commit(store, r1.id(), "configs/b", "SECOND-CONTENT\n");
      r3 = commit(store, r2.id(), "configs/c", "THIRD-CONTENT\n");
    }
  }

  @AfterEach
  void cleanUp() throws Exception {
    temp.close();
  }

  private static Revision commit(
      FsRevisionStore store, @Nullable RevisionId base, String path, String text) {
    CommitResult result =
        store.commit(new Commit(base, List.of(Change.put(path, text)), "alice", path, T0));
    assertThat(result).isInstanceOf(CommitResult.Committed.class);
    return ((CommitResult.Committed) result).revision();
  }

  private static int find(Path file, String text) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    byte[] needle = text.getBytes(UTF_8);
    outer:
    for (int i = 0; i + needle.length <= bytes.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (bytes[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError(text + " not found in " + file);
  }

  private static void flip(Path file, long offset) throws IOException {
    try (FileChannel channel =
        FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer one = ByteBuffer.allocate(1);
      channel.read(one, offset);
      one.flip();
      byte b = one.get();
      channel.write(ByteBuffer.wrap(new byte[] {(byte) (b ^ 0x20)}), offset);
    }
  }

  private static void truncate(Path file, long bytesToCut) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.truncate(channel.size() - bytesToCut);
    }
  }

  /** Edits a document's text in place and fixes up the frame's CRC32C, as a careful hand would. */
  private static void editWithValidChecksum(Path file, String text) throws IOException {
    int at = find(file, text);
    byte[] bytes = Files.readAllBytes(file);
    int start = at - 41;
    int length = ByteBuffer.wrap(bytes, start + 5, 4).getInt();
    bytes[at] = (byte) (bytes[at] ^ 0x20);
    CRC32C crc = new CRC32C();
    crc.update(bytes, start, 41 + length);
    ByteBuffer.wrap(bytes, start + 41 + length, 4).putInt((int) crc.getValue());
    Files.write(file, bytes);
  }

  private static boolean hasDamagedCopy(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir.resolve("objects"))) {
      return files.anyMatch(f -> f.getFileName().toString().contains(".damaged-"));
    }
  }

  @Nested
  class RevisionStore {
    @Test
    void truncatedPackIsRefusedNamingTheFileAndTheNewestIntactRevision() throws Exception {
      truncate(pack, 10);
      assertThatThrownBy(() -> FsRevisionStore.open(dir))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining(pack.toString())
          .hasMessageContaining("truncated")
          .hasMessageContaining("newest intact revision is " + r2.id())
          .hasMessageContaining("To recover");

      assertThat(FsRevisionStore.recover(dir)).isEqualTo(r2.id());
      assertThat(hasDamagedCopy(dir)).isTrue();
      try (FsRevisionStore store = FsRevisionStore.open(dir)) {
        assertThat(store.head()).contains(r2);
        assertThat(store.snapshot(r2.id()))
            .contains(Map.of("configs/a", "FIRST-CONTENT\n", "configs/b", "SECOND-CONTENT\n"));
        commit(store, r2.id(), "configs/d", "after recovery\n");
      }
    }

    @Test
    void flippedByteIsCaughtByTheChecksumWithItsPathAndOffset() throws Exception {
      int at = find(pack, "SECOND-CONTENT");
      flip(pack, at);
      assertThatThrownBy(() -> FsRevisionStore.open(dir))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining(pack + " at byte " + (at - 41))
          .hasMessageContaining("checksum mismatch")
          .hasMessageContaining("newest intact revision is " + r1.id());

      assertThat(FsRevisionStore.recover(dir)).isEqualTo(r1.id());
      try (FsRevisionStore store = FsRevisionStore.open(dir)) {
        assertThat(store.head()).contains(r1);
      }
    }

    @Test
    void garbageHeadIsRefusedAndRecoveryKeepsEveryRevision() throws Exception {
      Files.writeString(dir.resolve("HEAD"), "revision is whatever I like\n");
      assertThatThrownBy(() -> FsRevisionStore.open(dir))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining(dir.resolve("HEAD").toString())
          .hasMessageContaining("newest intact revision is " + r3.id());

      assertThat(FsRevisionStore.recover(dir)).isEqualTo(r3.id());
      try (FsRevisionStore store = FsRevisionStore.open(dir)) {
        assertThat(store.head()).contains(r3);
        assertThat(store.history(null, 10).items()).containsExactly(r3, r2, r1);
      }
    }

    @Test
    void missingHeadWithRevisionsIsRefusedRatherThanStartingEmpty() throws Exception {
      Files.delete(dir.resolve("HEAD"));
      assertThatThrownBy(() -> FsRevisionStore.open(dir))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("HEAD is missing")
          .hasMessageContaining(r3.id().value());
    }

    @Test
    void handEditedHeadDocumentWithAFixedCrcIsCaughtBySha256() throws Exception {
      editWithValidChecksum(pack, "THIRD-CONTENT");
      assertThatThrownBy(() -> FsRevisionStore.open(dir))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("head revision " + r3.id())
          .hasMessageContaining("does not match its SHA-256 name")
          .hasMessageContaining(pack.toString());

      assertThat(FsRevisionStore.recover(dir))
          .as("the newest revision whose documents all match their names")
          .isEqualTo(r2.id());
      try (FsRevisionStore store = FsRevisionStore.open(dir)) {
        assertThat(store.head()).contains(r2);
        assertThat(store.snapshot(r2.id())).isPresent();
      }
    }

    @Test
    void handEditedOldDocumentIsReportedWhenReadWhileTheHeadStillServes() throws Exception {
      Revision old;
      Revision head;
      try (FsRevisionStore store = FsRevisionStore.open(dir)) {
        old = commit(store, r3.id(), "configs/a", "OLD-ONLY\n");
        head = commit(store, old.id(), "configs/a", "NEWER\n");
      }
      editWithValidChecksum(pack, "OLD-ONLY");
      try (FsRevisionStore store = FsRevisionStore.open(dir)) {
        assertThat(store.head()).contains(head);
        assertThat(store.snapshot(head.id()).orElseThrow()).containsEntry("configs/a", "NEWER\n");
        assertThatThrownBy(() -> store.snapshot(old.id()))
            .isInstanceOf(StoreException.class)
            .hasMessageContaining(pack + " at byte ")
            .hasMessageContaining("does not match its SHA-256 name");
      }
    }
  }

  @Nested
  class AuditLog {
    private Path log;

    @BeforeEach
    void fiveEntries() throws Exception {
      log = dir.resolve("audit").resolve("audit-00000001.log");
      try (FsAuditLog audit = FsAuditLog.open(dir)) {
        for (int i = 1; i <= 5; i++) {
          audit.append(entry(i, "detail-" + i));
        }
      }
    }

    private AuditEntry entry(int second, String detail) {
      return new AuditEntry(
          0, T0.plusSeconds(second), "alice", "config.put", "t" + second, "::1", "ok", detail);
    }

    private List<AuditEntry> all(FsAuditLog audit) {
      return audit.query(new AuditQuery(null, null, null, null, null, 100)).items();
    }

    @Test
    void entryCutShortByACrashIsDroppedAndTheRestKept() throws Exception {
      truncate(log, 7);
      try (FsAuditLog audit = FsAuditLog.open(dir)) {
        assertThat(all(audit))
            .extracting(AuditEntry::detail)
            .containsExactly("detail-4", "detail-3", "detail-2", "detail-1");
        assertThat(audit.append(entry(9, "after")).sequence()).isEqualTo(5);
      }
    }

    @Test
    void theDroppedTailIsKeptInADamagedFileBesideTheLog() throws Exception {
      truncate(log, 7);
      byte[] before = Files.readAllBytes(log);
      try (FsAuditLog audit = FsAuditLog.open(dir)) {
        assertThat(all(audit)).hasSize(4);
      }
      long kept = Files.size(log);
      assertThat(kept).isLessThan(before.length);
      List<Path> damaged;
      try (Stream<Path> files = Files.list(log.getParent())) {
        damaged =
            files
                .filter(f -> f.getFileName().toString().startsWith("audit-00000001.log.damaged-"))
                .toList();
      }
      assertThat(damaged).hasSize(1);
      assertThat(Files.readAllBytes(damaged.get(0)))
          .isEqualTo(java.util.Arrays.copyOfRange(before, (int) kept, before.length));
      try (FsAuditLog reopened = FsAuditLog.open(dir)) {
        assertThat(all(reopened)).hasSize(4);
      }
    }

    @Test
    void flippedByteInTheMiddleRefusesToOpenNamingTheFile() throws Exception {
      int at = find(log, "detail-2");
      flip(log, at);
      assertThatThrownBy(() -> FsAuditLog.open(dir))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining(log + " at byte ")
          .hasMessageContaining("Entries 1-1 are intact");
    }

    @Test
    void oversizedFieldsAreCutSoEveryRecordIsBounded() throws Exception {
      try (FsAuditLog audit = FsAuditLog.open(dir)) {
        AuditEntry stored = audit.append(entry(6, "x".repeat(100_000)));
        assertThat(stored.detail()).hasSize(8192).endsWith("[truncated]");
        assertThat(all(audit).get(0)).isEqualTo(stored);
      }
    }
  }
}
