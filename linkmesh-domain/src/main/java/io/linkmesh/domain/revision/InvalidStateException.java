package io.linkmesh.domain.revision;

/**
 * A stored document is not a valid record. Stores report it with the path of the document, so an
 * operator (or the author of a Git commit) can find and fix it.
 */
public class InvalidStateException extends IllegalArgumentException {
  public InvalidStateException(String message) {
    super(message);
  }

  public InvalidStateException(String message, Throwable cause) {
    super(message, cause);
  }

  /** The same problem, prefixed with where it is. */
  public InvalidStateException at(String path) {
    return new InvalidStateException(path + ": " + getMessage(), this);
  }
}
