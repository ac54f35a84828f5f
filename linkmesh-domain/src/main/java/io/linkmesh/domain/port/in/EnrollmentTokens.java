package io.linkmesh.domain.port.in;

/**
 * The tokens collectors enroll with: mint, revoke, list, who depends on one, and whether one can
 * still enroll a collector.
 */
public interface EnrollmentTokens
    extends MintEnrollmentTokenUseCase,
        RevokeEnrollmentTokenUseCase,
        EnrollmentQueries,
        CheckEnrollmentTokenUseCase {}
