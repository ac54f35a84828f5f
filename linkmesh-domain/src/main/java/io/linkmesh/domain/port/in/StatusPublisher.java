package io.linkmesh.domain.port.in;

import io.linkmesh.domain.port.out.FleetStatusExchange;

/**
 * This replica's live state over time, driven by the embedder's timer: sharing it with the other
 * replicas and marking silent collectors disconnected.
 */
public interface StatusPublisher extends SweepSilentCollectorsUseCase {

  /** A poller that misses this many intervals is marked disconnected. */
  int MISSED_POLLS = 3;

  /**
   * Publishes the summaries of the collectors this replica holds live state for through the {@link
   * FleetStatusExchange}: only when one changed, or when the last publication is older than a
   * quarter of the staleness bound (so peers know this replica is alive). At most {@link
   * FleetStatusExchange#MAX_SUMMARIES} summaries, connected ones first. Call it on an interval.
   *
   * @return whether it published
   */
  boolean publishStatus();

  /** How many collectors this replica holds live state for. */
  int liveCount();
}
