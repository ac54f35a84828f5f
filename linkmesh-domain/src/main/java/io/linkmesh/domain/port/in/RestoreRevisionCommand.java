package io.linkmesh.domain.port.in;

import static java.util.Objects.requireNonNull;

import io.linkmesh.domain.audit.Actor;
import io.linkmesh.domain.revision.RevisionId;
import org.jspecify.annotations.Nullable;

/** Which revision to restore, optionally only if the head is still {@code ifMatch}. */
public record RestoreRevisionCommand(
    Actor actor, RevisionId revision, @Nullable RevisionId ifMatch) {
  public RestoreRevisionCommand {
    requireNonNull(actor, "actor");
    requireNonNull(revision, "revision");
  }
}
