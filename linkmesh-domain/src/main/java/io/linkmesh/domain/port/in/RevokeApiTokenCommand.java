package io.linkmesh.domain.port.in;

import static java.util.Objects.requireNonNull;

import io.linkmesh.domain.audit.Actor;

/** Which API token to revoke. */
public record RevokeApiTokenCommand(Actor actor, String tokenId) {
  public RevokeApiTokenCommand {
    requireNonNull(actor, "actor");
    requireNonNull(tokenId, "tokenId");
  }
}
