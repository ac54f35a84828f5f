package io.linkmesh.domain.internal;

import io.linkmesh.domain.port.out.SecretGenerator;
import java.security.SecureRandom;
import java.util.Base64;

/** Ids and secrets from the JDK's {@link SecureRandom}: {@link SecretGenerator#secureRandom()}. */
public final class SecureRandomSecretGenerator implements SecretGenerator {
  private static final char[] ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
  private final SecureRandom random = new SecureRandom();

  @Override
  public String newId() {
    char[] id = new char[16];
    for (int i = 0; i < id.length; i++) {
      id[i] = ID_ALPHABET[random.nextInt(ID_ALPHABET.length)];
    }
    return new String(id);
  }

  @Override
  public String newSecret() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
