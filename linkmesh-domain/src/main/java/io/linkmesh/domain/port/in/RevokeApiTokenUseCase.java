package io.linkmesh.domain.port.in;

/** An admin revokes an API token; it fails from the next request on. False: no such token. */
public interface RevokeApiTokenUseCase {
  boolean revoke(RevokeApiTokenCommand command);
}
