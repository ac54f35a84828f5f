package io.linkmesh.domain.port.in;

/**
 * Whether a presented enrollment token can still enroll a new collector, asked before it is handed
 * out (for example rendered into a bootstrap snippet). It neither uses the token nor audits.
 */
public interface CheckEnrollmentTokenUseCase {
  /**
   * True when {@code presentedToken} is a whole enrollment token whose secret matches and that is
   * neither revoked, expired nor used up; false for anything else (an API token, a collector
   * credential, an unknown id, a wrong secret, text that is no token at all).
   */
  boolean canEnrollNewCollector(String presentedToken);
}
