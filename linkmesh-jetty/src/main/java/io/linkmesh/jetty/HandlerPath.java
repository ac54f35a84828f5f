package io.linkmesh.jetty;

import static java.util.Objects.requireNonNull;

/** The one check of a path an adapter serves (or tells a collector to call). */
public final class HandlerPath {
  private HandlerPath() {}

  /**
   * {@code path} when it is absolute.
   *
   * @throws IllegalArgumentException when it does not start with {@code /}
   */
  public static String checked(String path) {
    requireNonNull(path, "path");
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("path must start with '/': " + path);
    }
    return path;
  }
}
