package io.linkmesh.domain.port.in;

/** The tokens collectors enroll with: mint, revoke, list, and who depends on one. */
public interface EnrollmentTokens
    extends MintEnrollmentTokenUseCase, RevokeEnrollmentTokenUseCase, EnrollmentQueries {}
