package io.linkmesh.domain.enrollment;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** An operator API token as stored: only the hash of its secret. */
public record ApiToken(
    String id,
    String name,
    Role role,
    SecretHash hash,
    Instant createdAt,
    @Nullable Instant expiresAt,
    String createdBy) {
  public static final int MAX_NAME = 128;

  public ApiToken {
    requireNonNull(id, "id");
    requireNonNull(name, "name");
    requireNonNull(role, "role");
    requireNonNull(hash, "hash");
    requireNonNull(createdAt, "createdAt");
    requireNonNull(createdBy, "createdBy");
    if (name.isBlank() || name.length() > MAX_NAME) {
      throw new IllegalArgumentException("token name must be 1-" + MAX_NAME + " characters");
    }
  }

  public boolean expired(Instant now) {
    return expiresAt != null && !now.isBefore(expiresAt);
  }
}
