package io.linkmesh.domain.port.out;

import io.linkmesh.domain.internal.SecureRandomSecretGenerator;

/**
 * Makes the random parts of tokens. A port so that tests can make the domain deterministic;
 * production uses {@link #secureRandom()}, the default of {@code LinkMeshDomain.builder()}.
 */
public interface SecretGenerator {
  /** Ids and secrets from the JDK's {@code SecureRandom}. */
  static SecretGenerator secureRandom() {
    return new SecureRandomSecretGenerator();
  }

  /** A public id: 16 characters of {@code [a-z0-9]}. */
  String newId();

  /** A secret: 43 characters of base64url (256 random bits). */
  String newSecret();
}
