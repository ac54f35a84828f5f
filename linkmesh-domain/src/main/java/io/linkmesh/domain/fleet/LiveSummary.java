package io.linkmesh.domain.fleet;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The compact part of one collector's live state that a replica shares with the others: enough to
 * list and inspect the whole fleet from any replica, without attributes, component health, the
 * effective config or events (those stay on the replica holding the connection).
 *
 * @param health the top-level health only (no components), or null if never reported
 * @param replica the replica holding the collector's connection
 * @param reportedAt when that replica published this summary
 */
public record LiveSummary(
    CollectorId id,
    boolean connected,
    @Nullable Transport transport,
    @Nullable Instant since,
    @Nullable Instant lastSeen,
    @Nullable Health health,
    @Nullable ConfigHash appliedHash,
    RemoteConfigStatus remoteConfigStatus,
    String replica,
    Instant reportedAt) {

  public LiveSummary {
    requireNonNull(id, "id");
    requireNonNull(remoteConfigStatus, "remoteConfigStatus");
    requireNonNull(replica, "replica");
    requireNonNull(reportedAt, "reportedAt");
    if (health != null && !health.components().isEmpty()) {
      health = Health.of(health.healthy(), health.status(), health.lastError());
    }
  }

  /** The summary of a replica's live state, top-level health only. */
  public static LiveSummary of(CollectorId id, LiveState live, Instant reportedAt) {
    return new LiveSummary(
        id,
        live.connected(),
        live.transport(),
        live.since(),
        live.lastSeen(),
        live.health(),
        live.appliedHash(),
        live.remoteConfigStatus(),
        live.replica(),
        reportedAt);
  }

  /** The same summary stamped with another publication time. */
  public LiveSummary reportedAt(Instant time) {
    return new LiveSummary(
        id,
        connected,
        transport,
        since,
        lastSeen,
        health,
        appliedHash,
        remoteConfigStatus,
        replica,
        time);
  }

  /**
   * This summary as live state; {@code stale} marks it disconnected because its replica has not
   * published for longer than the staleness bound.
   */
  public LiveState toLiveState(boolean stale) {
    return new LiveState(
        connected && !stale,
        transport,
        since,
        lastSeen,
        Map.of(),
        health,
        appliedHash,
        remoteConfigStatus,
        null,
        0,
        replica,
        null);
  }
}
