package io.linkmesh.domain.port.in;

import io.linkmesh.domain.config.DesiredConfig;
import org.jspecify.annotations.Nullable;

/** The answer to a status report. */
public sealed interface StatusOutcome {
  /**
   * Recorded.
   *
   * @param desired what the collector should run now, null when no config matches it
   */
  record Accepted(@Nullable DesiredConfig desired) implements StatusOutcome {}

  /** The collector is not (or no longer) registered: close its connection. */
  record Unknown() implements StatusOutcome {}
}
