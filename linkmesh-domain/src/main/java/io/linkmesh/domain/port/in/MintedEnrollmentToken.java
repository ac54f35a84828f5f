package io.linkmesh.domain.port.in;

import static java.util.Objects.requireNonNull;

import io.linkmesh.domain.enrollment.EnrollmentToken;
import io.linkmesh.domain.revision.RevisionId;

/**
 * A new enrollment token and, only here, its secret.
 *
 * @param token the full token to hand to collectors
 */
public record MintedEnrollmentToken(EnrollmentToken record, String token, RevisionId revision) {
  public MintedEnrollmentToken {
    requireNonNull(record, "record");
    requireNonNull(token, "token");
    requireNonNull(revision, "revision");
  }

  @Override
  public String toString() {
    return "MintedEnrollmentToken[" + record.id() + "]";
  }
}
