package io.linkmesh.domain.internal;

import io.linkmesh.domain.fleet.CollectorEventType;
import io.linkmesh.domain.fleet.LiveSummary;
import io.linkmesh.domain.port.in.StatusPublisher;
import io.linkmesh.domain.port.out.FleetStatusExchange;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Shares this replica's live state with the others and marks silent collectors disconnected. */
public final class StatusPublishingService implements StatusPublisher {
  private final LiveFleet live;
  private final Clock clock;
  private final FleetStatusExchange exchange;
  private final Object publishing = new Object();
  private List<LiveSummary> lastPublished = List.of();
  private @Nullable Instant lastPublishedAt;

  public StatusPublishingService(LiveFleet live) {
    this.live = live;
    this.clock = live.clock();
    this.exchange = live.exchange();
  }

  @Override
  public int sweepSilentCollectors() {
    Instant now = clock.instant();
    int marked = 0;
    for (LiveCollector holder : live.all()) {
      Duration interval = holder.pollInterval;
      Instant seen = holder.lastSeen;
      if (holder.connected
          && interval != null
          && seen != null
          && now.isAfter(seen.plus(interval.multipliedBy(MISSED_POLLS)))) {
        holder.connected = false;
        holder.since = now;
        holder.event(
            CollectorEventType.DISCONNECTED,
            now,
            "silent for " + MISSED_POLLS + " poll intervals of " + interval.toSeconds() + "s");
        marked++;
      }
    }
    return marked;
  }

  @Override
  public boolean publishStatus() {
    synchronized (publishing) {
      Instant now = clock.instant();
      List<LiveCollector> holders = new ArrayList<>(live.all());
      holders.sort(
          Comparator.comparing((LiveCollector h) -> !h.connected).thenComparing(h -> h.id.value()));
      List<LiveSummary> summaries = new ArrayList<>();
      for (LiveCollector holder : holders) {
        if (summaries.size() == FleetStatusExchange.MAX_SUMMARIES) {
          break;
        }
        summaries.add(LiveSummary.of(holder.id, holder.snapshot(live.replica()), Instant.EPOCH));
      }
      Instant last = lastPublishedAt;
      boolean due =
          last == null
              || !now.isBefore(last.plus(exchange.staleAfter().dividedBy(4)))
              || !summaries.equals(lastPublished);
      if (!due) {
        return false;
      }
      List<LiveSummary> stamped = new ArrayList<>(summaries.size());
      for (LiveSummary summary : summaries) {
        stamped.add(summary.reportedAt(now));
      }
      exchange.publish(stamped, now);
      lastPublished = List.copyOf(summaries);
      lastPublishedAt = now;
      return true;
    }
  }

  @Override
  public int liveCount() {
    return live.size();
  }
}
