package io.linkmesh.domain.port.in;

import static java.util.Objects.requireNonNull;

import io.linkmesh.domain.config.ConfigSpec;
import io.linkmesh.domain.config.ValidationProblem;
import io.linkmesh.domain.revision.Revision;
import io.linkmesh.domain.revision.RevisionId;
import java.util.List;

/** What became of a put. */
public sealed interface PutConfigOutcome {
  /** Stored as a new revision. */
  record Published(ConfigSpec spec, Revision revision) implements PutConfigOutcome {
    public Published {
      requireNonNull(spec, "spec");
      requireNonNull(revision, "revision");
    }
  }

  /** Identical to what is stored; no revision made. */
  record Unchanged(ConfigSpec spec, RevisionId head) implements PutConfigOutcome {
    public Unchanged {
      requireNonNull(spec, "spec");
      requireNonNull(head, "head");
    }
  }

  /** The runtime's validator refused it; nothing stored. */
  record Invalid(List<ValidationProblem> problems) implements PutConfigOutcome {
    public Invalid {
      problems = List.copyOf(problems);
    }
  }

  /** Someone changed the config since {@code ifMatch}; nothing stored. */
  record Conflict(RevisionId head) implements PutConfigOutcome {
    public Conflict {
      requireNonNull(head, "head");
    }
  }
}
