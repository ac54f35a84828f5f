package io.linkmesh.domain.port.in;

import static java.util.Objects.requireNonNull;

import io.linkmesh.domain.enrollment.ApiToken;

/** A new API token and, only here, its secret. */
public record MintedApiToken(ApiToken record, String token) {
  public MintedApiToken {
    requireNonNull(record, "record");
    requireNonNull(token, "token");
  }

  @Override
  public String toString() {
    return "MintedApiToken[" + record.id() + "]";
  }
}
