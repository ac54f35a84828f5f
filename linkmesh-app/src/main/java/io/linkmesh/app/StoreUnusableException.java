package io.linkmesh.app;

/**
 * The store is there but cannot be served: damaged, or held by another process. Not a configuration
 * mistake, so the CLI exits 1 (not 2) with the message, which says how to recover (for a damaged
 * built-in store: {@code linkmesh store recover}).
 */
public final class StoreUnusableException extends RuntimeException {
  public StoreUnusableException(String message, Throwable cause) {
    super(message, cause);
  }
}
