package io.linkmesh.domain.port.in;

import static java.util.Objects.requireNonNull;

import io.linkmesh.domain.config.DesiredConfig;
import io.linkmesh.domain.fleet.Collector;
import org.jspecify.annotations.Nullable;

/** The answer to a collector that identified itself. */
public sealed interface ConnectOutcome {
  /**
   * It is in.
   *
   * @param desired what it should run, null when no config matches it
   * @param issuedCredential a new credential secret to hand it now (shown only here), or null
   * @param registered whether this connection registered it
   */
  record Connected(
      Collector collector,
      @Nullable DesiredConfig desired,
      @Nullable String issuedCredential,
      boolean registered)
      implements ConnectOutcome {
    public Connected {
      requireNonNull(collector, "collector");
    }

    @Override
    public String toString() {
      return "Connected[" + collector.id() + ", registered=" + registered + "]";
    }
  }

  /** It is turned away; nothing changed. */
  record Refused(Refusal reason, String message) implements ConnectOutcome {
    public Refused {
      requireNonNull(reason, "reason");
      requireNonNull(message, "message");
    }
  }
}
