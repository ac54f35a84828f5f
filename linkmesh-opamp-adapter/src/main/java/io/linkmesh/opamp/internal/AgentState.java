package io.linkmesh.opamp.internal;

import com.google.protobuf.ByteString;
import io.linkmesh.domain.fleet.Transport;
import org.jspecify.annotations.Nullable;

/**
 * Per-agent protocol state, kept small: the session machine holds one per connected instance uid.
 * Guarded by its own monitor; never by a lock shared with other agents.
 */
final class AgentState {
  final ByteString uid;
  final String collectorId;
  final Object who;
  final Transport transport;
  @Nullable AgentLink link;

  long lastSeq = -1;
  long capabilities;
  boolean reportedCapabilities;
  @Nullable ByteString reportedHash;
  @Nullable ByteString sentHash;
  @Nullable ByteString offeredSettingsHash;
  @Nullable String offerCredential;
  @Nullable Desired desired;

  /**
   * When the agent last sent a message: set when the state is created, because the state is indexed
   * (and visible to the sweeper) before the message that created it is recorded.
   */
  volatile long lastSeenMillis;

  /** Monotonic time of the last message, and of the last keep-alive ping (sweeper thread only). */
  volatile long lastActiveNanos = System.nanoTime();

  long lastPingNanos;
  boolean gone;

  AgentState(
      ByteString uid,
      String collectorId,
      Object who,
      Transport transport,
      @Nullable AgentLink link,
      @Nullable Desired desired,
      long seenMillis) {
    this.uid = uid;
    this.collectorId = collectorId;
    this.who = who;
    this.transport = transport;
    this.link = link;
    this.desired = desired;
    this.lastSeenMillis = seenMillis;
  }
}
