package io.linkmesh.domain.port.out;

/**
 * Makes the random parts of tokens. Kept outside the domain so the domain stays deterministic in
 * tests; production uses {@code SecureRandom}.
 */
public interface SecretGenerator {
  /** A public id: 16 characters of {@code [a-z0-9]}. */
  String newId();

  /** A secret: 43 characters of base64url (256 random bits). */
  String newSecret();
}
