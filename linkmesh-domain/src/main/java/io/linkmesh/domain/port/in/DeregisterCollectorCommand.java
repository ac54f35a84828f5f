package io.linkmesh.domain.port.in;

import static java.util.Objects.requireNonNull;

import io.linkmesh.domain.audit.Actor;
import io.linkmesh.domain.fleet.CollectorId;

/** Which collector to forget. */
public record DeregisterCollectorCommand(Actor actor, CollectorId id) {
  public DeregisterCollectorCommand {
    requireNonNull(actor, "actor");
    requireNonNull(id, "id");
  }
}
