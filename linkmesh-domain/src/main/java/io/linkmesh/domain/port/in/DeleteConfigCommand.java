package io.linkmesh.domain.port.in;

import static java.util.Objects.requireNonNull;

import io.linkmesh.domain.audit.Actor;
import io.linkmesh.domain.config.ConfigName;
import io.linkmesh.domain.revision.RevisionId;
import org.jspecify.annotations.Nullable;

/** Which config to delete, optionally only if unchanged since {@code ifMatch}. */
public record DeleteConfigCommand(
    Actor actor, ConfigName name, @Nullable RevisionId ifMatch, @Nullable String message) {
  public DeleteConfigCommand {
    requireNonNull(actor, "actor");
    requireNonNull(name, "name");
  }
}
