package io.linkmesh.domain.port.in;

/** An operator mints an enrollment token; its secret is shown only in the answer. */
public interface MintEnrollmentTokenUseCase {
  MintedEnrollmentToken mint(MintEnrollmentTokenCommand command);
}
