package io.linkmesh.app.archfixture.embedder;

import io.linkmesh.domain.internal.StateWrite;

/** Code outside the domain that writes the state through a domain internal, past the ports. */
public final class ReachesIntoDomainInternals {
  public static StateWrite<String> write() {
    return StateWrite.nothing(() -> "unchanged");
  }

  private ReachesIntoDomainInternals() {}
}
