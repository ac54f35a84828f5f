package io.linkmesh.domain.internal;

import static java.util.Objects.requireNonNull;

import io.linkmesh.domain.config.DesiredConfig;
import io.linkmesh.domain.fleet.Collector;
import io.linkmesh.domain.fleet.CollectorEventType;
import io.linkmesh.domain.fleet.CollectorId;
import io.linkmesh.domain.fleet.CollectorRecord;
import io.linkmesh.domain.fleet.CollectorWriteRate;
import io.linkmesh.domain.fleet.LiveState;
import io.linkmesh.domain.fleet.LiveSummary;
import io.linkmesh.domain.port.out.AgentNotifier;
import io.linkmesh.domain.port.out.FleetStatusExchange;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;

/**
 * What the fleet's jobs share on this replica: the live state of the collectors it serves, the
 * notifiers that reach them, and the views that merge stored records, live state and what other
 * replicas published. Keeps each collector's desired config current as the stored state changes.
 */
public final class LiveFleet {
  private final DesiredStateKeeper state;
  private final Clock clock;
  private final String replica;
  private final FleetStatusExchange exchange;
  private final Map<CollectorId, LiveCollector> live = new ConcurrentHashMap<>();
  private final List<AgentNotifier> notifiers = new CopyOnWriteArrayList<>();
  private final CollectorWriteBudget writeBudget;
  private final RenameCoalescer renames;

  public LiveFleet(
      DesiredStateKeeper state,
      String replica,
      FleetStatusExchange exchange,
      CollectorWriteRate writeRate) {
    this.state = state;
    this.clock = state.clock();
    this.replica = replica;
    this.exchange = exchange;
    this.writeBudget = new CollectorWriteBudget(writeRate, clock);
    this.renames = new RenameCoalescer(writeBudget);
    state.addListener(this::onStateChanged);
  }

  DesiredStateKeeper state() {
    return state;
  }

  Clock clock() {
    return clock;
  }

  String replica() {
    return replica;
  }

  FleetStatusExchange exchange() {
    return exchange;
  }

  CollectorWriteBudget writeBudget() {
    return writeBudget;
  }

  RenameCoalescer renames() {
    return renames;
  }

  void addNotifier(AgentNotifier notifier) {
    notifiers.add(requireNonNull(notifier, "notifier"));
  }

  @Nullable LiveCollector get(CollectorId id) {
    return live.get(id);
  }

  LiveCollector getOrAdd(CollectorId id) {
    return live.computeIfAbsent(id, LiveCollector::new);
  }

  Collection<LiveCollector> all() {
    return live.values();
  }

  int size() {
    return live.size();
  }

  private void onStateChanged(DesiredStateKeeper.StateChange change) {
    for (CollectorId removed : change.collectorsRemoved()) {
      renames.forget(removed);
      writeBudget.forget(removed);
      LiveCollector holder = live.remove(removed);
      if (holder != null) {
        holder.event(CollectorEventType.DEREGISTERED, clock.instant(), "deregistered");
      }
      for (AgentNotifier notifier : notifiers) {
        notifier.deregistered(removed);
      }
    }
    if (change.configsChanged()) {
      for (LiveCollector holder : live.values()) {
        state.collector(holder.id).ifPresent(record -> refreshDesired(record, holder));
      }
    } else {
      for (CollectorId id : change.collectorsChanged()) {
        LiveCollector holder = live.get(id);
        if (holder != null) {
          state.collector(id).ifPresent(record -> refreshDesired(record, holder));
        }
      }
    }
  }

  private void refreshDesired(CollectorRecord record, LiveCollector holder) {
    DesiredConfig before = holder.desired;
    DesiredConfig after = computeDesired(record, holder);
    holder.desired = after;
    boolean changed =
        before == null ? after != null : after == null || !before.hash().equals(after.hash());
    if (changed && holder.connected) {
      for (AgentNotifier notifier : notifiers) {
        notifier.desiredConfigChanged(holder.id, after);
      }
    }
  }

  @Nullable DesiredConfig computeDesired(CollectorRecord record, LiveCollector holder) {
    Map<String, String> selectable =
        new TreeMap<>(holder.attributes.isEmpty() ? record.attributes() : holder.attributes);
    selectable.putAll(record.labels());
    return state.configs().desiredFor(record.runtime(), selectable);
  }

  /** One collector as operators see it; {@code peer} is what another replica published. */
  Collector view(CollectorRecord stored, @Nullable LiveCollector holder, @Nullable PeerView peer) {
    // A rename waiting for the write budget is already the collector's name.
    CollectorRecord record =
        renames
            .waitingName(stored.id())
            .map(name -> stored.withIdentity(name, stored.attributes()))
            .orElse(stored);
    boolean local = holder != null && (holder.connected || peer == null || !peer.liveConnected());
    LiveState liveState;
    if (local) {
      liveState = holder.snapshot(replica);
    } else if (peer != null) {
      liveState = peer.summary().toLiveState(peer.stale());
    } else {
      liveState = LiveState.unknown(replica);
    }
    DesiredConfig desired =
        local ? holder.desired : computeDesired(record, new LiveCollector(record.id()));
    return new Collector(record, liveState, desired == null ? null : desired.hash());
  }

  /** A peer's freshest summary of one collector, and whether its replica went quiet. */
  record PeerView(LiveSummary summary, boolean stale) {
    boolean liveConnected() {
      return summary.connected() && !stale;
    }
  }

  /** For each collector another replica published, its freshest summary. */
  Map<CollectorId, PeerView> peerViews() {
    List<FleetStatusExchange.PeerStatus> peers = exchange.peers();
    if (peers.isEmpty()) {
      return Map.of();
    }
    Instant staleBefore = clock.instant().minus(exchange.staleAfter());
    Map<CollectorId, PeerView> out = new HashMap<>();
    for (FleetStatusExchange.PeerStatus peer : peers) {
      if (peer.replica().equals(replica)) {
        continue;
      }
      boolean stale = peer.publishedAt().isBefore(staleBefore);
      for (LiveSummary summary : peer.summaries()) {
        PeerView candidate = new PeerView(summary, stale);
        out.merge(summary.id(), candidate, LiveFleet::fresher);
      }
    }
    return out;
  }

  private static PeerView fresher(PeerView a, PeerView b) {
    if (a.liveConnected() != b.liveConnected()) {
      return a.liveConnected() ? a : b;
    }
    return a.summary().reportedAt().isBefore(b.summary().reportedAt()) ? b : a;
  }
}
