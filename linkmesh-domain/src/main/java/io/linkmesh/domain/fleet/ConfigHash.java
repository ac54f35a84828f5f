package io.linkmesh.domain.fleet;

import static java.util.Objects.requireNonNull;

import java.util.HexFormat;

/**
 * The hash of a configuration as the protocols compare it: lower-case hex. Hashes LinkMesh computes
 * are SHA-256 (64 hex digits); hashes a collector reports may come from elsewhere, so any
 * even-length hex up to 128 digits is accepted.
 */
public record ConfigHash(String hex) {
  public static final int MAX_HEX_LENGTH = 128;

  public ConfigHash {
    requireNonNull(hex, "hex");
    if (hex.isEmpty() || hex.length() > MAX_HEX_LENGTH || hex.length() % 2 != 0) {
      throw new IllegalArgumentException("config hash must be 2-128 hex digits: '" + hex + "'");
    }
    for (int i = 0; i < hex.length(); i++) {
      char c = hex.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        throw new IllegalArgumentException("config hash must be lower-case hex: '" + hex + "'");
      }
    }
  }

  public static ConfigHash ofBytes(byte[] bytes) {
    return new ConfigHash(HexFormat.of().formatHex(bytes));
  }

  public byte[] bytes() {
    return HexFormat.of().parseHex(hex);
  }

  @Override
  public String toString() {
    return hex;
  }
}
