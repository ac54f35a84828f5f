package io.linkmesh.alloy.internal;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.Base64;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The token in an {@code Authorization} header: {@code Bearer <token>}, or HTTP Basic with the
 * token as the password (Alloy's {@code basic_auth}); when the password is empty the username is
 * taken, for operators who put the token there.
 */
public final class Credentials {

  /** Longer tokens are refused before any lookup. */
  public static final int MAX_TOKEN_LENGTH = 512;

  private Credentials() {}

  public static Optional<String> token(@Nullable String authorization) {
    if (authorization == null) {
      return Optional.empty();
    }
    String header = authorization.strip();
    int space = header.indexOf(' ');
    if (space < 0) {
      return Optional.empty();
    }
    String scheme = header.substring(0, space);
    String value = header.substring(space + 1).strip();
    String token;
    if (scheme.equalsIgnoreCase("Bearer")) {
      token = value;
    } else if (scheme.equalsIgnoreCase("Basic")) {
      String decoded;
      try {
        decoded = new String(Base64.getDecoder().decode(value), UTF_8);
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
      int colon = decoded.indexOf(':');
      if (colon < 0) {
        return Optional.empty();
      }
      String password = decoded.substring(colon + 1);
      token = password.isEmpty() ? decoded.substring(0, colon) : password;
    } else {
      return Optional.empty();
    }
    if (token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
      return Optional.empty();
    }
    return Optional.of(token);
  }
}
