package io.linkmesh.domain.enrollment;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The SHA-256 of a secret, the only form in which LinkMesh keeps enrollment tokens, collector
 * credentials and API tokens. The secrets are 256-bit random values, so a fast hash is enough; a
 * slow password hash would add nothing but latency to every collector message.
 */
public record SecretHash(String hex) {
  public SecretHash {
    requireNonNull(hex, "hex");
    if (hex.length() != 64 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
      throw new IllegalArgumentException("secret hash must be 64 hex digits");
    }
    hex = hex.toLowerCase(java.util.Locale.ROOT);
  }

  public static SecretHash of(String secret) {
    return new SecretHash(HexFormat.of().formatHex(sha256(secret)));
  }

  /** Compares in constant time, so response timing reveals nothing about the stored hash. */
  public boolean matches(String secret) {
    return MessageDigest.isEqual(sha256(secret), HexFormat.of().parseHex(hex));
  }

  @Override
  public String toString() {
    return "SecretHash[sha256:" + hex.substring(0, 8) + "...]";
  }

  private static byte[] sha256(String secret) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
