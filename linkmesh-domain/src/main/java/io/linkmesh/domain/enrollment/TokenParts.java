package io.linkmesh.domain.enrollment;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parts of a LinkMesh token {@code <prefix>_<id>_<secret>}: the kind, the public id (used to
 * find the record) and the secret (compared by hash). Like GitHub's tokens, the prefix makes a
 * leaked token recognisable by secret scanners.
 */
public record TokenParts(TokenKind kind, String id, String secret) {
  private static final Pattern ID = Pattern.compile("[a-z0-9]{8,32}");
  private static final Pattern SECRET = Pattern.compile("[A-Za-z0-9_-]{32,128}");
  private static final Pattern TOKEN =
      Pattern.compile("(lme|lmc|lma)_([a-z0-9]{8,32})_([A-Za-z0-9_-]{32,128})");

  public TokenParts {
    requireNonNull(kind, "kind");
    requireNonNull(id, "id");
    requireNonNull(secret, "secret");
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException("token id must be 8-32 of [a-z0-9]");
    }
    if (!SECRET.matcher(secret).matches()) {
      throw new IllegalArgumentException("token secret must be 32-128 of [A-Za-z0-9_-]");
    }
  }

  /** Parses a presented bearer value; empty when it is not a LinkMesh token at all. */
  public static Optional<TokenParts> parse(String presented) {
    if (presented.length() > 200) {
      return Optional.empty();
    }
    Matcher m = TOKEN.matcher(presented);
    if (!m.matches()) {
      return Optional.empty();
    }
    TokenKind kind =
        switch (m.group(1)) {
          case "lme" -> TokenKind.ENROLLMENT;
          case "lmc" -> TokenKind.COLLECTOR_CREDENTIAL;
          default -> TokenKind.API;
        };
    return Optional.of(new TokenParts(kind, m.group(2), m.group(3)));
  }

  /** The full token as handed to its holder, once. */
  public String token() {
    return kind.prefix() + "_" + id + "_" + secret;
  }

  public SecretHash hash() {
    return SecretHash.of(secret);
  }

  @Override
  public String toString() {
    return "TokenParts[" + kind + " " + id + "]";
  }
}
