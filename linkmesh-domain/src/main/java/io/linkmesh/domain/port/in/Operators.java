package io.linkmesh.domain.port.in;

/** Operators: the admin token, API tokens with roles, and the audit log they read. */
public interface Operators
    extends AuthenticateOperatorUseCase,
        MintApiTokenUseCase,
        RevokeApiTokenUseCase,
        ApiTokenQueries,
        AuditQueries {}
