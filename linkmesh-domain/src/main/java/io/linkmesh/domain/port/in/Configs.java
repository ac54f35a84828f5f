package io.linkmesh.domain.port.in;

/** Configs and their history: validate, commit, list, diff, restore. */
public interface Configs
    extends PutConfigUseCase,
        DeleteConfigUseCase,
        ConfigQueries,
        RevisionQueries,
        RestoreRevisionUseCase {}
