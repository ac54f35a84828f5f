package io.linkmesh.domain.port.in;

import static java.util.Objects.requireNonNull;

import io.linkmesh.domain.audit.Actor;

/** Which token to revoke. */
public record RevokeEnrollmentTokenCommand(Actor actor, String tokenId) {
  public RevokeEnrollmentTokenCommand {
    requireNonNull(actor, "actor");
    requireNonNull(tokenId, "tokenId");
  }
}
