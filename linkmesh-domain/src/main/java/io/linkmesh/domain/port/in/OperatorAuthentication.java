package io.linkmesh.domain.port.in;

import static java.util.Objects.requireNonNull;

import io.linkmesh.domain.enrollment.Role;

/** Who an operator's secret says they are. */
public sealed interface OperatorAuthentication {
  /**
   * @param name {@code admin} or the API token's name
   * @param tokenId the API token's id, {@code admin} for the admin token
   */
  record Operator(String name, Role role, String tokenId) implements OperatorAuthentication {
    public Operator {
      requireNonNull(name, "name");
      requireNonNull(role, "role");
      requireNonNull(tokenId, "tokenId");
    }
  }

  /** Unknown, expired or revoked. */
  record Refused(String message) implements OperatorAuthentication {
    public Refused {
      requireNonNull(message, "message");
    }
  }
}
