package io.linkmesh.domain.testing;

import static java.util.Objects.requireNonNull;

import io.linkmesh.domain.fleet.LiveSummary;
import io.linkmesh.domain.port.out.FleetStatusExchange;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link FleetStatusExchange} for tests: replicas made from one {@link Board} see each other's
 * publications at once.
 */
public final class InMemoryFleetStatusExchange implements FleetStatusExchange {
  private final Board board;
  private final String replica;
  private final Duration staleAfter;

  private InMemoryFleetStatusExchange(Board board, String replica, Duration staleAfter) {
    this.board = board;
    this.replica = replica;
    this.staleAfter = staleAfter;
  }

  /** What every replica published, as the shared remote would hold it. */
  public static final class Board {
    private final Map<String, PeerStatus> published = new ConcurrentHashMap<>();
    private volatile int publications;

    /** The exchange of one replica on this board. */
    public InMemoryFleetStatusExchange replica(String name, Duration staleAfter) {
      return new InMemoryFleetStatusExchange(
          this, requireNonNull(name, "name"), requireNonNull(staleAfter, "staleAfter"));
    }

    /** How many times anyone published, for tests of "only when changed". */
    public int publications() {
      return publications;
    }
  }

  @Override
  public void publish(List<LiveSummary> summaries, Instant publishedAt) {
    if (summaries.size() > MAX_SUMMARIES) {
      throw new IllegalArgumentException(
          summaries.size() + " summaries, more than " + MAX_SUMMARIES);
    }
    synchronized (board) {
      board.published.put(replica, new PeerStatus(replica, publishedAt, summaries));
      board.publications++;
    }
  }

  @Override
  public List<PeerStatus> peers() {
    List<PeerStatus> out = new ArrayList<>();
    for (PeerStatus status : board.published.values()) {
      if (!status.replica().equals(replica)) {
        out.add(status);
      }
    }
    return out;
  }

  @Override
  public Duration staleAfter() {
    return staleAfter;
  }
}
