package io.linkmesh.domain.port.in;

import static java.util.Objects.requireNonNull;

import io.linkmesh.domain.audit.Actor;
import io.linkmesh.domain.enrollment.Role;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * @param ttl when it expires, null for never
 */
public record MintApiTokenCommand(Actor actor, String name, Role role, @Nullable Duration ttl) {
  public MintApiTokenCommand {
    requireNonNull(actor, "actor");
    requireNonNull(name, "name");
    requireNonNull(role, "role");
    if (name.isBlank() || name.length() > 128) {
      throw new IllegalArgumentException("token name must be 1-128 characters");
    }
    if (ttl != null && (ttl.isNegative() || ttl.isZero())) {
      throw new IllegalArgumentException("ttl must be positive: " + ttl);
    }
  }
}
