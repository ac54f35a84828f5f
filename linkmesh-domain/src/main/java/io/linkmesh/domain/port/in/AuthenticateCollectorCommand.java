package io.linkmesh.domain.port.in;

import static java.util.Objects.requireNonNull;

/** The secret a collector presented ({@code Authorization: Bearer ...} or Basic password). */
public record AuthenticateCollectorCommand(String secret) {
  public AuthenticateCollectorCommand {
    requireNonNull(secret, "secret");
  }

  @Override
  public String toString() {
    return "AuthenticateCollectorCommand[secret=***]";
  }
}
