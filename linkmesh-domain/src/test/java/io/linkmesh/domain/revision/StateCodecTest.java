package io.linkmesh.domain.revision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.linkmesh.domain.config.ConfigName;
import io.linkmesh.domain.config.ConfigSpec;
import io.linkmesh.domain.config.Selector;
import io.linkmesh.domain.enrollment.ApiToken;
import io.linkmesh.domain.enrollment.EnrollmentToken;
import io.linkmesh.domain.enrollment.Role;
import io.linkmesh.domain.enrollment.SecretHash;
import io.linkmesh.domain.fleet.CollectorId;
import io.linkmesh.domain.fleet.CollectorRecord;
import io.linkmesh.domain.fleet.CollectorRuntime;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StateCodecTest {
  static final Instant T = Instant.parse("2026-11-26T10:00:00Z");

  @Test
  void redactingHidesEverySecretVerifierAndNothingElse() {
    String hash = "ab".repeat(32);
    String document =
        "kind: collector/v1\nid: c-1\ncredential-sha256: "
            + hash
            + "\nsecret-sha256: "
            + hash
            + "\nlabel.env: prod\n\nsecret-sha256: a body line is shown as it is\n";

    String redacted = StateCodec.redactSecrets(document);

    assertThat(redacted)
        .isEqualTo(
            "kind: collector/v1\nid: c-1\ncredential-sha256: [redacted]\nsecret-sha256:"
                + " [redacted]\nlabel.env: prod\n\nsecret-sha256: a body line is shown as it is\n");
    assertThat(StateCodec.redactSecrets("secret-sha256: " + hash))
        .isEqualTo("secret-sha256: [redacted]");
    assertThat(StateCodec.redactSecrets("")).isEmpty();
  }

  @Test
  void configRoundTripsWithItsBodyVerbatim() {
    ConfigSpec spec =
        new ConfigSpec(
            ConfigName.of("edge-logs"),
            CollectorRuntime.OTELCOL,
            Selector.of(Map.of("env", "prod", "odd key: x", "line\nbreak")),
            "receivers:\n  otlp: {}\n\n# blank line above\r\nno final newline");
    String text = StateCodec.encode(spec);
    assertThat(text).startsWith("kind: config/v1\nname: edge-logs\nruntime: otelcol\n");
    assertThat(StateCodec.decodeConfig(text)).isEqualTo(spec);
  }

  @Test
  void collectorAndTokensRoundTrip() {
    CollectorRecord record =
        new CollectorRecord(
            CollectorId.of("0190f3c2-7dec-7000-a765-00a0c91e6bf6"),
            CollectorRuntime.ALLOY,
            "web-01",
            Map.of("host.name", "web-01", "collector.os", "linux"),
            Map.of("env", "prod"),
            T,
            "tok12345",
            "cred1234",
            SecretHash.of("s"),
            null);
    assertThat(StateCodec.decodeCollector(StateCodec.encode(record))).isEqualTo(record);
    CollectorRecord tombstone = record.asDeregistered(T.plusSeconds(60));
    assertThat(StateCodec.decodeCollector(StateCodec.encode(tombstone))).isEqualTo(tombstone);
    assertThat(StateCodec.encode(tombstone)).doesNotContain("credential");
    EnrollmentToken token =
        new EnrollmentToken(
            "tok12345",
            SecretHash.of("x"),
            T,
            T.plusSeconds(900),
            3,
            1,
            Map.of("a", "b"),
            "admin",
            false);
    assertThat(StateCodec.decodeEnrollmentToken(StateCodec.encode(token))).isEqualTo(token);
    ApiToken api =
        new ApiToken("api12345", "ci bot", Role.OPERATOR, SecretHash.of("y"), T, null, "admin");
    assertThat(StateCodec.decodeApiToken(StateCodec.encode(api))).isEqualTo(api);
  }

  @Test
  void documentsHoldNoSecretsOnlyHashes() {
    EnrollmentToken token =
        new EnrollmentToken(
            "tok12345", SecretHash.of("the-secret"), T, T, 1, 0, Map.of(), "admin", false);
    assertThat(StateCodec.encode(token)).doesNotContain("the-secret");
  }

  @Test
  void decodeNamesTheBadDocument() {
    Map<String, String> snapshot =
        Map.of("configs/a", "kind: config/v1\nname: a\nruntime: cobol\n\nbody");
    assertThatThrownBy(() -> StateCodec.decode(snapshot))
        .isInstanceOf(InvalidStateException.class)
        .hasMessageContaining("configs/a")
        .hasMessageContaining("unknown runtime 'cobol'");
  }

  @Test
  void decodeRefusesADocumentUnderAnotherName() {
    ConfigSpec spec =
        new ConfigSpec(ConfigName.of("a"), CollectorRuntime.OTELCOL, Selector.ALL, "x: 1\n");
    assertThatThrownBy(() -> StateCodec.decode(Map.of("configs/b", StateCodec.encode(spec))))
        .hasMessageContaining("configs/b");
  }

  @Test
  void garbageIsRefusedWithAReason() {
    assertThatThrownBy(() -> StateDocument.parse("no colon here\n"))
        .isInstanceOf(InvalidStateException.class)
        .hasMessageContaining("line 1");
    assertThatThrownBy(() -> StateDocument.parse("kind: x\nname: \\q\n"))
        .hasMessageContaining("unknown escape");
  }
}
