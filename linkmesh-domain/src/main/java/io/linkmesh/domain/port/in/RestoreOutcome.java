package io.linkmesh.domain.port.in;

import static java.util.Objects.requireNonNull;

import io.linkmesh.domain.revision.Revision;
import io.linkmesh.domain.revision.RevisionId;

/** What became of a restore. */
public sealed interface RestoreOutcome {
  /** A new revision with the old configs. */
  record Restored(Revision revision) implements RestoreOutcome {
    public Restored {
      requireNonNull(revision, "revision");
    }
  }

  /** The configs are already those of the revision. */
  record Unchanged(RevisionId head) implements RestoreOutcome {
    public Unchanged {
      requireNonNull(head, "head");
    }
  }

  /** There is no such revision. */
  record NotFound() implements RestoreOutcome {}

  /** The configs changed since {@code ifMatch}. */
  record Conflict(RevisionId head) implements RestoreOutcome {
    public Conflict {
      requireNonNull(head, "head");
    }
  }
}
