package io.linkmesh.sim;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/** Which server certificates the simulator accepts on {@code https://} and {@code wss://}. */
public sealed interface Trust {

  /** The JDK's default trust store, with host-name checks. */
  static Trust system() {
    return Default.INSTANCE;
  }

  /** Any certificate, any host name: for a quick look at a self-signed server. */
  static Trust insecure() {
    return Insecure.INSTANCE;
  }

  /**
   * The certificates in a PEM file (e.g. the {@code <data>/tls/server.crt} of {@code linkmesh
   * serve}); host names are still checked.
   */
  static Trust caCert(Path pem) {
    return new CaCert(pem);
  }

  /** See {@link Trust#system()}. */
  enum Default implements Trust {
    INSTANCE
  }

  /** See {@link Trust#insecure()}. */
  enum Insecure implements Trust {
    INSTANCE
  }

  /** See {@link Trust#caCert(Path)}. */
  record CaCert(Path pem) implements Trust {
    public CaCert {
      requireNonNull(pem, "pem");
    }
  }
}
