package io.linkmesh.domain.enrollment;

import static java.util.Objects.requireNonNull;

import io.linkmesh.domain.fleet.Attributes;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * An enrollment token as stored: only the hash of its secret. A collector that presents it is
 * registered with the token's labels. Which collectors it registered is recorded on them ({@code
 * CollectorRecord.enrolledWith}), so a multi-use token does not grow without bound.
 *
 * @param maxUses how many distinct collectors may enroll with it, 0 for no limit
 * @param uses how many did
 */
public record EnrollmentToken(
    String id,
    SecretHash hash,
    Instant createdAt,
    Instant expiresAt,
    int maxUses,
    int uses,
    Map<String, String> labels,
    String createdBy,
    boolean revoked) {

  public static final Duration DEFAULT_TTL = Duration.ofMinutes(15);
  public static final Duration MAX_TTL = Duration.ofDays(365);
  public static final int MAX_USES_LIMIT = 1_000_000;

  public EnrollmentToken {
    requireNonNull(id, "id");
    requireNonNull(hash, "hash");
    requireNonNull(createdAt, "createdAt");
    requireNonNull(expiresAt, "expiresAt");
    requireNonNull(createdBy, "createdBy");
    if (maxUses < 0 || maxUses > MAX_USES_LIMIT) {
      throw new IllegalArgumentException("maxUses must be 0 (unlimited) to " + MAX_USES_LIMIT);
    }
    if (uses < 0) {
      throw new IllegalArgumentException("uses must not be negative: " + uses);
    }
    labels = Attributes.checkedLabels(requireNonNull(labels, "labels"));
  }

  public boolean expired(Instant now) {
    return !now.isBefore(expiresAt);
  }

  /** Whether another, new collector may still enroll with it. */
  public boolean acceptsNewCollector(Instant now) {
    return !revoked && !expired(now) && (maxUses == 0 || uses < maxUses);
  }

  public EnrollmentToken withOneMoreUse() {
    return new EnrollmentToken(
        id, hash, createdAt, expiresAt, maxUses, uses + 1, labels, createdBy, revoked);
  }

  public EnrollmentToken asRevoked() {
    return new EnrollmentToken(
        id, hash, createdAt, expiresAt, maxUses, uses, labels, createdBy, true);
  }
}
