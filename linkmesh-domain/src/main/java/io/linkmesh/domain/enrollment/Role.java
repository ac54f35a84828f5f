package io.linkmesh.domain.enrollment;

import java.util.Locale;
import java.util.Optional;

/** Operator roles, each allowing everything the ones before it allow. */
public enum Role {
  /** Reads everything; changes nothing. */
  VIEWER,
  /** Also changes configs and labels, mints enrollment tokens, deregisters collectors. */
  OPERATOR,
  /** Also manages API tokens. */
  ADMIN;

  public boolean allows(Role needed) {
    return compareTo(needed) >= 0;
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Role> parse(String name) {
    for (Role role : values()) {
      if (role.wireName().equals(name.toLowerCase(Locale.ROOT))) {
        return Optional.of(role);
      }
    }
    return Optional.empty();
  }
}
