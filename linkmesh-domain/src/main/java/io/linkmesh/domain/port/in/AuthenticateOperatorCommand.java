package io.linkmesh.domain.port.in;

import static java.util.Objects.requireNonNull;

/** The presented secret and where it came from (failed logins are audited). */
public record AuthenticateOperatorCommand(String secret, String address) {
  public AuthenticateOperatorCommand {
    requireNonNull(secret, "secret");
    requireNonNull(address, "address");
  }

  @Override
  public String toString() {
    return "AuthenticateOperatorCommand[secret=***, address=" + address + "]";
  }
}
