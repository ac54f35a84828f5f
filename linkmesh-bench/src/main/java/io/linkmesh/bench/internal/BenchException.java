package io.linkmesh.bench.internal;

/** A bench could not be run (server did not start, a request failed...): the run stops. */
public final class BenchException extends RuntimeException {
  public BenchException(String message) {
    super(message);
  }

  public BenchException(String message, Throwable cause) {
    super(message, cause);
  }
}
