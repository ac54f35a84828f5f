package io.linkmesh.domain.internal;

import io.linkmesh.domain.enrollment.EnrollmentToken;
import io.linkmesh.domain.fleet.CollectorId;
import io.linkmesh.domain.port.in.CollectorAuthentication;
import io.linkmesh.domain.port.in.Refusal;
import java.time.Instant;
import java.util.Set;
import java.util.function.Function;

/**
 * What an enrollment token (its secret already checked) may still do:
 *
 * <ul>
 *   <li>revoked: nothing at all, not even for the collectors that have no other secret;
 *   <li>otherwise it authenticates the collectors it enrolled that hold no credential of their own,
 *       and, until it expires or is used up, it enrolls new ones. Expiry ends new enrollments only.
 * </ul>
 */
final class TokenAuthentication {
  private TokenAuthentication() {}

  static CollectorAuthentication of(
      DesiredStateKeeper state,
      EnrollmentToken token,
      Instant now,
      Function<EnrollmentToken, CollectorAuthentication.Refused> refused) {
    if (token.revoked()) {
      return new CollectorAuthentication.Refused(
          Refusal.REVOKED,
          "enrollment token was revoked; enroll the collector again with a new token");
    }
    Set<CollectorId> dependents = state.tokenDependents(token.id());
    boolean acceptsNew = token.acceptsNewCollector(now);
    if (dependents.isEmpty() && !acceptsNew) {
      if (state.enrolledDeregistered(token.id())) {
        return new CollectorAuthentication.Refused(
            Refusal.DEREGISTERED,
            "the collector this token enrolled was deregistered; enroll it again with a new token");
      }
      if (!state.enrolledWith(token.id()).isEmpty()) {
        return new CollectorAuthentication.Refused(
            Refusal.UNAUTHENTICATED, Reenrollment.HOLDS_CREDENTIAL);
      }
      return refused.apply(token);
    }
    return new CollectorAuthentication.Enrollment(token.id(), dependents, acceptsNew);
  }
}
