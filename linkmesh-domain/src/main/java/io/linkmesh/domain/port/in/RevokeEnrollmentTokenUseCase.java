package io.linkmesh.domain.port.in;

/**
 * An operator revokes an enrollment token: no new collector can enroll with it. Collectors it
 * already enrolled keep their identity (deregister them to cut them off). False: no such token.
 */
public interface RevokeEnrollmentTokenUseCase {
  boolean revoke(RevokeEnrollmentTokenCommand command);
}
