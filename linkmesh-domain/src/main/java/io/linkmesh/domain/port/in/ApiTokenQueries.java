package io.linkmesh.domain.port.in;

import io.linkmesh.domain.enrollment.ApiToken;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Read-only views of API tokens (never their secrets). */
public interface ApiTokenQueries {
  List<ApiToken> apiTokens();

  /** When this replica last saw the token used; empty when never. */
  Optional<Instant> lastUsed(String tokenId);
}
