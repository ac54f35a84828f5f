package io.linkmesh.domain.fleet;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A snapshot of what this replica knows live about one collector.
 *
 * @param connected whether a session or a recent poll keeps it connected
 * @param transport how it is (or was last) connected
 * @param since when the current connection state began
 * @param lastSeen the last message from it, or null if never seen by this replica
 * @param attributes the attributes it reported last (identifying and non-identifying)
 * @param capabilities what its protocol said it can do, last reported, as that protocol encodes it
 *     (OpAMP: its capability bitmask; 0 for Alloy). Opaque to the domain, which stores and shows it
 *     and never reads its bits; the protocol adapter interprets it
 * @param replica the server replica holding its connection
 * @param pollInterval for pollers (plain-HTTP OpAMP, Alloy), how often it polls, so how late it
 *     sees a change; null for a WebSocket agent or when this replica does not know
 */
public record LiveState(
    boolean connected,
    @Nullable Transport transport,
    @Nullable Instant since,
    @Nullable Instant lastSeen,
    Map<String, String> attributes,
    @Nullable Health health,
    @Nullable ConfigHash appliedHash,
    RemoteConfigStatus remoteConfigStatus,
    @Nullable EffectiveConfig effectiveConfig,
    long capabilities,
    String replica,
    @Nullable Duration pollInterval) {

  public LiveState {
    requireNonNull(attributes, "attributes");
    requireNonNull(remoteConfigStatus, "remoteConfigStatus");
    requireNonNull(replica, "replica");
  }

  public static LiveState unknown(String replica) {
    return new LiveState(
        false,
        null,
        null,
        null,
        Map.of(),
        null,
        null,
        RemoteConfigStatus.UNSET,
        null,
        0,
        replica,
        null);
  }
}
