package io.linkmesh.app;

/**
 * The server cannot start because of how it was configured (bad flag, port in use, unreadable
 * certificate). The CLI prints the message as one line and exits with status 2.
 */
public final class StartupException extends RuntimeException {
  public StartupException(String message) {
    super(message);
  }

  public StartupException(String message, Throwable cause) {
    super(message, cause);
  }
}
