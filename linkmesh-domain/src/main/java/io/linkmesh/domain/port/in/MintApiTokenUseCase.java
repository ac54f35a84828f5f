package io.linkmesh.domain.port.in;

/** An admin mints an API token; its secret is shown only in the answer. */
public interface MintApiTokenUseCase {
  MintedApiToken mint(MintApiTokenCommand command);
}
