package io.linkmesh.domain.port.in;

import io.linkmesh.domain.enrollment.EnrollmentToken;
import java.util.List;
import java.util.Optional;

/** Read-only views of enrollment tokens (never their secrets). */
public interface EnrollmentQueries {
  List<EnrollmentToken> enrollmentTokens();

  Optional<EnrollmentToken> enrollmentToken(String id);
}
