package io.linkmesh.domain.revision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.linkmesh.domain.config.ConfigName;
import io.linkmesh.domain.config.ConfigSpec;
import io.linkmesh.domain.config.Selector;
import io.linkmesh.domain.fleet.CollectorRuntime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StateFormatTest {
  static final ConfigSpec SPEC =
      new ConfigSpec(ConfigName.of("a"), CollectorRuntime.OTELCOL, Selector.ALL, "x: 1\n");

  /** A snapshot as every store held it before the format was recorded. */
  static final Map<String, String> FORMAT_1 =
      Map.of(StatePaths.config(SPEC.name()), StateCodec.encode(SPEC));

  @Test
  void aSnapshotWithoutAFormatDocumentIsFormatOneAndMigratesByGainingOne() {
    assertThat(StateFormat.of(FORMAT_1)).isEqualTo(1);
    assertThat(StateFormat.migration(FORMAT_1))
        .containsExactly(Change.put("format", "kind: state-format/v1\nversion: 2\n"));
    assertThat(StateFormat.migrationMessage(FORMAT_1))
        .isEqualTo("Migrate the stored state from format 1 to 2");
    assertThat(StateCodec.decode(FORMAT_1).configs()).containsValue(SPEC);
  }

  @Test
  void aCurrentSnapshotNeedsNoMigrationAndDecodesWithoutItsFormatDocument() {
    Map<String, String> current =
        Map.of(
            StatePaths.config(SPEC.name()),
            StateCodec.encode(SPEC),
            StatePaths.FORMAT,
            StateFormat.document(StateFormat.CURRENT));
    assertThat(StateFormat.of(current)).isEqualTo(StateFormat.CURRENT);
    assertThat(StateFormat.migration(current)).isEmpty();
    assertThat(StateCodec.decode(current)).isEqualTo(StateCodec.decode(FORMAT_1));
  }

  @Test
  void aNewerFormatIsRefusedNamingBothVersions() {
    Map<String, String> newer =
        Map.of(StatePaths.FORMAT, "kind: state-format/v1\nversion: 3\n", "destinations/x", "y");
    assertThatThrownBy(() -> StateCodec.decode(newer))
        .isInstanceOf(NewerStateFormatException.class)
        .hasMessageContaining("format 3")
        .hasMessageContaining("up to 2");
    assertThatThrownBy(() -> StateFormat.migration(newer))
        .isInstanceOfSatisfying(
            NewerStateFormatException.class, e -> assertThat(e.found()).isEqualTo(3));
  }

  @Test
  void aFormatDocumentThatIsNotOneIsInvalidAtItsPath() {
    for (String bad :
        List.of(
            "kind: config/v1\nversion: 2\n",
            "kind: state-format/v1\nversion: two\n",
            "kind: state-format/v1\nversion: 1\n",
            "kind: state-format/v1\n")) {
      assertThatThrownBy(() -> StateCodec.decode(Map.of(StatePaths.FORMAT, bad)))
          .as(bad)
          .isInstanceOf(InvalidStateException.class)
          .isNotInstanceOf(NewerStateFormatException.class)
          .hasMessageStartingWith("format: ");
    }
  }

  @Test
  void aFirstRevisionGainsTheFormatDocumentOnce() {
    Change put = Change.put(StatePaths.config(SPEC.name()), StateCodec.encode(SPEC));
    List<Change> first = StateFormat.firstRevision(List.of(put));
    assertThat(first).containsExactly(put, Change.put(StatePaths.FORMAT, StateFormat.document(2)));
    assertThat(StateFormat.firstRevision(first)).isEqualTo(first);
  }
}
