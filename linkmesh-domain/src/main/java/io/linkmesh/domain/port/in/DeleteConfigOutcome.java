package io.linkmesh.domain.port.in;

import static java.util.Objects.requireNonNull;

import io.linkmesh.domain.revision.Revision;
import io.linkmesh.domain.revision.RevisionId;

/** What became of a delete. */
public sealed interface DeleteConfigOutcome {
  /** Deleted in a new revision. */
  record Deleted(Revision revision) implements DeleteConfigOutcome {
    public Deleted {
      requireNonNull(revision, "revision");
    }
  }

  /** There is no such config. */
  record NotFound() implements DeleteConfigOutcome {}

  /** Someone changed the config since {@code ifMatch}; nothing deleted. */
  record Conflict(RevisionId head) implements DeleteConfigOutcome {
    public Conflict {
      requireNonNull(head, "head");
    }
  }
}
