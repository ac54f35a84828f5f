package io.linkmesh.domain.audit;

import static java.util.Objects.requireNonNull;

/**
 * Who is acting and from where, for the audit log.
 *
 * @param name the API token's name, {@code admin}, {@code collector:<id>}, ...
 * @param address the client's network address as the server saw it
 */
public record Actor(String name, String address) {
  public Actor {
    requireNonNull(name, "name");
    requireNonNull(address, "address");
  }

  public static Actor system() {
    return new Actor("linkmesh", "local");
  }
}
