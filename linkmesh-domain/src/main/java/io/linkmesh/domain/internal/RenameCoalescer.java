package io.linkmesh.domain.internal;

import static java.util.Objects.requireNonNull;

import io.linkmesh.domain.fleet.CollectorId;
import io.linkmesh.domain.fleet.CollectorRecord;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Decides when a collector's new name is written to the store. No selector or desired config
 * depends on a name, so a rename need not be durable at once: the latest name is kept here (and
 * shown) and written when the collector's {@link CollectorWriteBudget} allows, on a later call of
 * the same collector. A collector that renames itself on every call thus costs a revision only as
 * often as its write rate allows, and the name it settles on is the one stored.
 *
 * <p>A name still waiting here when the server stops is lost; the collector gives it again when it
 * next registers (Alloy does on every start).
 */
final class RenameCoalescer {
  private final CollectorWriteBudget budget;
  private final Map<CollectorId, String> waiting = new ConcurrentHashMap<>();

  RenameCoalescer(CollectorWriteBudget budget) {
    this.budget = requireNonNull(budget, "budget");
  }

  /**
   * The name to write now for {@code record}, given the name the collector reported on this call
   * (null if it gave none): null when there is nothing to write or the write must wait.
   */
  @Nullable String nameToWrite(CollectorRecord record, @Nullable String reported) {
    CollectorId id = record.id();
    String candidate = reported != null ? reported : waiting.get(id);
    if (candidate == null) {
      return null;
    }
    // Compare as stored (the record cuts long names), so a name equal once stored writes nothing.
    String wanted = record.withIdentity(candidate, record.attributes()).name();
    if (wanted == null || wanted.equals(record.name())) {
      waiting.remove(id);
      return null;
    }
    if (budget.tryTake(id)) {
      waiting.remove(id);
      return wanted;
    }
    waiting.put(id, wanted);
    return null;
  }

  /** Keeps {@code name} to write later (a write that was due failed). */
  void defer(CollectorId id, String name) {
    waiting.put(id, name);
  }

  /** The name a collector gave that is not written yet, if any. */
  Optional<String> waitingName(CollectorId id) {
    return Optional.ofNullable(waiting.get(id));
  }

  void forget(CollectorId id) {
    waiting.remove(id);
  }
}
