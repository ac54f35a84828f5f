package io.linkmesh.domain.port.in;

import io.linkmesh.domain.enrollment.EnrollmentToken;
import io.linkmesh.domain.fleet.CollectorId;
import java.util.List;
import java.util.Optional;

/** Read-only views of enrollment tokens (never their secrets). */
public interface EnrollmentQueries {
  List<EnrollmentToken> enrollmentTokens();

  Optional<EnrollmentToken> enrollmentToken(String id);

  /**
   * The registered collectors whose only secret is this token (enrolled with it, no credential of
   * their own: Alloy, OpAMP agents that cannot take connection settings), sorted: those its
   * revocation cuts off until they are given a new token. Empty for an unknown token.
   */
  List<CollectorId> dependents(String tokenId);
}
