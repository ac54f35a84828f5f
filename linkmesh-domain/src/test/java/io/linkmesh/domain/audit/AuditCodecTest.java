package io.linkmesh.domain.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.linkmesh.domain.revision.InvalidStateException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AuditCodecTest {
  /** An entry as both stores wrote it before they shared this codec (commit 20a976f). */
  static final String STORED =
      "kind: audit/v1\n"
          + "sequence: 2\n"
          + "time: 2026-12-01T09:01:00Z\n"
          + "actor: collector:0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b\n"
          + "action: collector.enroll\n"
          + "target: 0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b\n"
          + "address: 198.51.100.4\n"
          + "outcome: ok\n"
          + "detail: détail: x\\ny\n";

  static final AuditEntry ENTRY =
      new AuditEntry(
          2,
          Instant.parse("2026-12-01T09:01:00Z"),
          "collector:0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b",
          "collector.enroll",
          "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b",
          "198.51.100.4",
          "ok",
          "détail: x\ny");

  @Test
  void readsAnEntryStoredBeforeTheCodecWasShared() {
    assertThat(AuditCodec.decode(STORED)).isEqualTo(ENTRY);
  }

  @Test
  void writesTheSameBytesAsBefore() {
    assertThat(AuditCodec.encode(ENTRY)).isEqualTo(STORED);
  }

  @Test
  void refusesAnotherKindAMissingFieldAndABadTime() {
    assertThatThrownBy(() -> AuditCodec.decode(STORED.replace("audit/v1", "config/v1")))
        .isInstanceOf(InvalidStateException.class)
        .hasMessageContaining("audit/v1");
    assertThatThrownBy(() -> AuditCodec.decode(STORED.replace("outcome: ok\n", "")))
        .isInstanceOf(InvalidStateException.class)
        .hasMessageContaining("outcome");
    assertThatThrownBy(() -> AuditCodec.decode(STORED.replace("09:01:00Z", "nine")))
        .isInstanceOf(InvalidStateException.class)
        .hasMessageContaining("RFC 3339");
    assertThatThrownBy(() -> AuditCodec.decode(STORED.replace("sequence: 2", "sequence: two")))
        .isInstanceOf(InvalidStateException.class);
  }
}
