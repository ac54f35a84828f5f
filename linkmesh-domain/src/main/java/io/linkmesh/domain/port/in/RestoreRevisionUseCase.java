package io.linkmesh.domain.port.in;

/**
 * An operator restores the configs of an old revision as a new revision. Only configs are restored:
 * collectors, credentials and tokens stay as they are now, so a restore never revives a revoked
 * credential or a used-up token.
 */
public interface RestoreRevisionUseCase {
  RestoreOutcome restore(RestoreRevisionCommand command);
}
