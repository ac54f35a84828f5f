package io.linkmesh.domain.port.in;

import static java.util.Objects.requireNonNull;

import io.linkmesh.domain.audit.Actor;
import io.linkmesh.domain.enrollment.EnrollmentToken;
import io.linkmesh.domain.fleet.Attributes;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * @param ttl how long it can enroll new collectors, default 15 minutes, at most a year
 * @param maxUses how many collectors may enroll with it, default 1, 0 for no limit
 * @param labels applied to every collector that enrolls with it
 */
public record MintEnrollmentTokenCommand(
    Actor actor, @Nullable Duration ttl, @Nullable Integer maxUses, Map<String, String> labels) {
  public MintEnrollmentTokenCommand {
    requireNonNull(actor, "actor");
    labels = Attributes.checkedLabels(requireNonNull(labels, "labels"));
    if (ttl != null
        && (ttl.isNegative() || ttl.isZero() || ttl.compareTo(EnrollmentToken.MAX_TTL) > 0)) {
      throw new IllegalArgumentException("ttl must be more than 0 and at most 365 days: " + ttl);
    }
    if (maxUses != null && (maxUses < 0 || maxUses > EnrollmentToken.MAX_USES_LIMIT)) {
      throw new IllegalArgumentException(
          "maxUses must be 0 (no limit) to " + EnrollmentToken.MAX_USES_LIMIT + ": " + maxUses);
    }
  }
}
