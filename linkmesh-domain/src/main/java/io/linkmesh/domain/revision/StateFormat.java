package io.linkmesh.domain.revision;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The version of the stored state's layout, kept in the snapshot itself as the document at {@link
 * StatePaths#FORMAT} ({@code kind: state-format/v1}, {@code version: N}), so that it travels with
 * every revision, backup and Git clone.
 *
 * <ul>
 *   <li>Format 1: every snapshot written before the format was recorded. It has no format document.
 *   <li>Format 2: the documents of format 1, and the format document.
 * </ul>
 *
 * A snapshot in an older format is read by migrating it in memory ({@link #current}); a server
 * writes the migration once, as a revision of its own, when it opens the store. A snapshot in a
 * newer format is refused with {@link NewerStateFormatException}. A later format adds one step to
 * {@link #next}.
 */
public final class StateFormat {
  /** The format this server writes. */
  public static final int CURRENT = 2;

  /** Who the revision that migrates a store is by. */
  public static final String MIGRATION_AUTHOR = "linkmesh";

  static final String KIND = "state-format/v1";

  private StateFormat() {}

  /** The format document of a snapshot in {@code version}. */
  public static String document(int version) {
    if (version < 2) {
      throw new IllegalArgumentException("format " + version + " has no format document");
    }
    return StateDocument.builder(KIND).field("version", Integer.toString(version)).render();
  }

  /**
   * The format a snapshot is in.
   *
   * @throws InvalidStateException when its format document is not one
   */
  public static int of(Map<String, String> snapshot) {
    String text = snapshot.get(StatePaths.FORMAT);
    if (text == null) {
      return 1;
    }
    try {
      StateDocument doc = StateDocument.parse(text);
      if (!KIND.equals(doc.kind())) {
        throw new InvalidStateException("expected kind " + KIND + " but found " + doc.kind());
      }
      String version = doc.required("version");
      int parsed;
      try {
        parsed = Integer.parseInt(version);
      } catch (NumberFormatException e) {
        throw new InvalidStateException("version is not a whole number: '" + version + "'", e);
      }
      if (parsed < 2) {
        throw new InvalidStateException("version " + parsed + " is not a recorded format");
      }
      return parsed;
    } catch (InvalidStateException e) {
      throw e.at(StatePaths.FORMAT);
    }
  }

  /**
   * The format a snapshot is in, when this server can read it.
   *
   * @throws NewerStateFormatException when it is newer than {@link #CURRENT}
   * @throws InvalidStateException when its format document is not one
   */
  public static int requireKnown(Map<String, String> snapshot) {
    int version = of(snapshot);
    if (version > CURRENT) {
      throw new NewerStateFormatException(version);
    }
    return version;
  }

  /**
   * The snapshot in the current format: the snapshot itself when it is current, else its documents
   * migrated step by step.
   *
   * @throws NewerStateFormatException when it is newer than {@link #CURRENT}
   */
  public static Map<String, String> current(Map<String, String> snapshot) {
    int version = requireKnown(snapshot);
    Map<String, String> state = snapshot;
    while (version < CURRENT) {
      state = next(version, state);
      version++;
    }
    return state;
  }

  /**
   * The changes that bring a snapshot to the current format: empty when it is current.
   *
   * @throws NewerStateFormatException when it is newer than {@link #CURRENT}
   */
  public static List<Change> migration(Map<String, String> snapshot) {
    Map<String, String> migrated = current(snapshot);
    if (migrated == snapshot) {
      return List.of();
    }
    TreeSet<String> paths = new TreeSet<>(snapshot.keySet());
    paths.addAll(migrated.keySet());
    List<Change> changes = new ArrayList<>();
    for (String path : paths) {
      String after = migrated.get(path);
      if (after == null) {
        changes.add(Change.delete(path));
      } else if (!after.equals(snapshot.get(path))) {
        changes.add(Change.put(path, after));
      }
    }
    return changes;
  }

  /** The message of the revision that writes a migration. */
  public static String migrationMessage(Map<String, String> snapshot) {
    return "Migrate the stored state from format " + of(snapshot) + " to " + CURRENT;
  }

  /**
   * The changes of a store's very first revision, with the format document added (unless they write
   * one), so that a new store starts in the current format.
   */
  public static List<Change> firstRevision(List<Change> changes) {
    requireNonNull(changes, "changes");
    for (Change change : changes) {
      if (Objects.equals(change.path(), StatePaths.FORMAT)) {
        return changes;
      }
    }
    List<Change> out = new ArrayList<>(changes);
    out.add(Change.put(StatePaths.FORMAT, document(CURRENT)));
    return out;
  }

  /** One step: a snapshot in {@code version} as {@code version + 1} has it. */
  private static Map<String, String> next(int version, Map<String, String> snapshot) {
    Map<String, String> out = new TreeMap<>(snapshot);
    switch (version) {
      case 1 -> out.put(StatePaths.FORMAT, document(2));
      default -> throw new IllegalStateException("no migration from format " + version);
    }
    return Collections.unmodifiableMap(out);
  }
}
