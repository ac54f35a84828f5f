package io.linkmesh.domain.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.linkmesh.domain.revision.Change;
import io.linkmesh.domain.revision.Commit;
import io.linkmesh.domain.revision.NewerStateFormatException;
import io.linkmesh.domain.revision.Revision;
import io.linkmesh.domain.revision.StateFormat;
import io.linkmesh.domain.revision.StatePaths;
import io.linkmesh.domain.testing.InMemoryRevisionStore;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StateFormatUpgradeTest {
  static final Instant T = Instant.parse("2026-12-01T09:00:00Z");
  final Clock clock = Clock.fixed(T, ZoneOffset.UTC);
  final InMemoryRevisionStore store = new InMemoryRevisionStore();

  Revision commitRaw(Change... changes) {
    Revision head = store.head().orElse(null);
    return ((io.linkmesh.domain.revision.CommitResult.Committed)
            store.commit(
                new Commit(head == null ? null : head.id(), List.of(changes), "bob", "raw", T)))
        .revision();
  }

  @Test
  void aStoreInFormatOneIsMigratedOnceByOneRevision() {
    Revision old = commitRaw(Change.put("configs/a", "kind: config/v1\n"));

    Revision migrated = StateFormatUpgrade.run(store, clock);

    assertThat(migrated).isNotNull();
    assertThat(migrated.parent()).isEqualTo(old.id());
    assertThat(migrated.author()).isEqualTo("linkmesh");
    assertThat(migrated.message()).isEqualTo("Migrate the stored state from format 1 to 2");
    assertThat(migrated.time()).isEqualTo(T);
    assertThat(store.snapshot(migrated.id()).orElseThrow())
        .containsEntry("configs/a", "kind: config/v1\n")
        .containsEntry(StatePaths.FORMAT, StateFormat.document(2))
        .hasSize(2);
    assertThat(StateFormatUpgrade.run(store, clock)).isNull();
    assertThat(store.head()).contains(migrated);
  }

  @Test
  void anEmptyStoreIsLeftEmpty() {
    assertThat(StateFormatUpgrade.run(store, clock)).isNull();
    assertThat(store.head()).isEmpty();
  }

  @Test
  void aStoreInANewerFormatIsRefusedAndLeftAsItIs() {
    Revision newer =
        commitRaw(Change.put(StatePaths.FORMAT, "kind: state-format/v1\nversion: 9\n"));

    assertThatThrownBy(() -> StateFormatUpgrade.run(store, clock))
        .isInstanceOf(NewerStateFormatException.class)
        .hasMessageContaining("format 9")
        .hasMessageContaining("up to " + StateFormat.CURRENT);
    assertThat(store.head()).contains(newer);
  }

  @Test
  void aNewDomainsFirstRevisionIsInTheCurrentFormat() {
    DomainFixture f = new DomainFixture();
    f.put("a", Map.of(), "v: 1\n");
    Map<String, String> snapshot =
        f.store.snapshot(f.store.head().orElseThrow().id()).orElseThrow();
    assertThat(StateFormat.of(snapshot)).isEqualTo(StateFormat.CURRENT);
    assertThat(
            f.domain
                .configs()
                .diff(f.store.head().orElseThrow().id(), null)
                .orElseThrow()
                .entries())
        .extracting(e -> e.path())
        .containsExactly("configs/a", StatePaths.FORMAT);
  }
}
