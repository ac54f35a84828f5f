package io.linkmesh.domain.port.in;

import static java.util.Objects.requireNonNull;

import io.linkmesh.domain.audit.Actor;
import io.linkmesh.domain.config.ConfigSpec;
import io.linkmesh.domain.revision.RevisionId;
import org.jspecify.annotations.Nullable;

/**
 * @param ifMatch the revision the operator's edit is based on; null to write over whatever is there
 *     now
 * @param message why, for the history; a default is made when null
 */
public record PutConfigCommand(
    Actor actor, ConfigSpec spec, @Nullable RevisionId ifMatch, @Nullable String message) {
  public PutConfigCommand {
    requireNonNull(actor, "actor");
    requireNonNull(spec, "spec");
  }
}
