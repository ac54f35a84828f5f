package io.linkmesh.domain.port.out;

/**
 * The store could not do what was asked (disk full, remote unreachable, damaged data). Nothing was
 * changed. {@link #unavailable()} tells a passing condition (answer 503) from a damaged store.
 */
public class StoreException extends RuntimeException {
  private final boolean unavailable;

  public StoreException(String message, boolean unavailable, Throwable cause) {
    super(message, cause);
    this.unavailable = unavailable;
  }

  public StoreException(String message, boolean unavailable) {
    super(message);
    this.unavailable = unavailable;
  }

  public boolean unavailable() {
    return unavailable;
  }
}
