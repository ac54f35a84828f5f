package io.linkmesh.domain.fleet;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * What a collector says about the remote config it last received: the state, an error message when
 * it failed, and (OpAMP only) the hash of that config.
 */
public record RemoteConfigStatus(State state, String errorMessage, @Nullable ConfigHash lastHash) {
  public static final int MAX_MESSAGE = 8192;
  public static final RemoteConfigStatus UNSET = new RemoteConfigStatus(State.UNSET, "", null);

  /** The states both protocols share. */
  public enum State {
    UNSET,
    APPLYING,
    APPLIED,
    FAILED
  }

  public RemoteConfigStatus {
    requireNonNull(state, "state");
    requireNonNull(errorMessage, "errorMessage");
    if (errorMessage.length() > MAX_MESSAGE) {
      errorMessage = errorMessage.substring(0, MAX_MESSAGE);
    }
  }
}
