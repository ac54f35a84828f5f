package io.linkmesh.domain.port.out;

import static java.util.Objects.requireNonNull;

import io.linkmesh.domain.fleet.LiveSummary;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Shares live collector state between replicas. Each replica {@linkplain #publish publishes} the
 * summaries of the collectors connected to it and reads those the others published, so the API on
 * any replica shows the whole fleet. What a peer published may be up to {@link #staleAfter()} old
 * before it is treated as stale (its collectors shown disconnected). Implementations are safe for
 * concurrent use.
 */
public interface FleetStatusExchange {
  /** At most this many summaries are published per replica; more are cut off. */
  int MAX_SUMMARIES = 10_000;

  /**
   * Replaces what this replica publishes with {@code summaries} (at most {@link #MAX_SUMMARIES}).
   * Cheap: it records locally; delivery to peers happens on the implementation's own schedule.
   */
  void publish(List<LiveSummary> summaries, Instant publishedAt);

  /** The latest publication of every other replica known here. */
  List<PeerStatus> peers();

  /**
   * How old a peer's publication may get before its collectors count as disconnected; publishers
   * refresh an unchanged publication well within it.
   */
  Duration staleAfter();

  /** What one other replica published last. */
  record PeerStatus(String replica, Instant publishedAt, List<LiveSummary> summaries) {
    public PeerStatus {
      requireNonNull(replica, "replica");
      requireNonNull(publishedAt, "publishedAt");
      summaries = List.copyOf(summaries);
    }
  }

  /** One replica alone (the filesystem store): nothing to share, no peers. */
  static FleetStatusExchange none() {
    return None.INSTANCE;
  }

  /** The single-replica exchange. */
  enum None implements FleetStatusExchange {
    INSTANCE;

    @Override
    public void publish(List<LiveSummary> summaries, Instant publishedAt) {
      requireNonNull(summaries, "summaries");
    }

    @Override
    public List<PeerStatus> peers() {
      return List.of();
    }

    @Override
    public Duration staleAfter() {
      return Duration.ofDays(1);
    }
  }
}
