package io.linkmesh.store.git.internal;

/** The remote could not be reached or refused us; the message is safe to log and show. */
public final class RemoteUnavailableException extends Exception {
  public RemoteUnavailableException(String message) {
    super(message);
  }
}
