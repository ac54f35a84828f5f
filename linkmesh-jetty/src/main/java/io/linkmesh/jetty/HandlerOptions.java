package io.linkmesh.jetty;

import static java.util.Objects.requireNonNull;

import java.net.URI;

/** The checks of the options every adapter builder takes: its path and the external URL. */
public final class HandlerOptions {
  private HandlerOptions() {}

  /**
   * {@code path} when it is absolute.
   *
   * @throws IllegalArgumentException when it does not start with {@code /}
   */
  public static String path(String path) {
    requireNonNull(path, "path");
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("path must start with '/': " + path);
    }
    return path;
  }

  /**
   * {@code externalUrl} when it has a scheme and a host, as collectors need to reach the server.
   *
   * @throws IllegalArgumentException when it lacks either
   */
  public static URI externalUrl(URI externalUrl) {
    requireNonNull(externalUrl, "externalUrl");
    if (externalUrl.getScheme() == null || externalUrl.getRawAuthority() == null) {
      throw new IllegalArgumentException("externalUrl needs a scheme and host: " + externalUrl);
    }
    return externalUrl;
  }
}
