package io.linkmesh.domain.connectivity;

import java.util.regex.Pattern;

/** Small URL helpers shared by the connectivity model. */
final class Urls {
  private static final Pattern USER_INFO = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*://)[^/@]*@");

  private Urls() {}

  /**
   * Drops user information ({@code user:token@}) from a URL so no credential reaches a rendering.
   */
  static String redact(String url) {
    return USER_INFO.matcher(url).replaceFirst("$1");
  }

  /** A host without IPv6 brackets. */
  static String bareHost(String host) {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }
}
