package io.linkmesh.domain.internal;

import io.linkmesh.domain.config.DesiredConfig;
import io.linkmesh.domain.fleet.CollectorEvent;
import io.linkmesh.domain.fleet.CollectorEventType;
import io.linkmesh.domain.fleet.CollectorId;
import io.linkmesh.domain.fleet.ConfigHash;
import io.linkmesh.domain.fleet.EffectiveConfig;
import io.linkmesh.domain.fleet.Health;
import io.linkmesh.domain.fleet.LiveState;
import io.linkmesh.domain.fleet.RemoteConfigStatus;
import io.linkmesh.domain.fleet.Transport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The mutable live state of one collector on this replica. Each field is written by the thread
 * handling that collector's messages and read by anyone; volatile fields are enough because no
 * invariant spans two of them.
 */
final class LiveCollector {
  static final int MAX_EVENTS = 100;

  final CollectorId id;
  volatile boolean connected;
  volatile @Nullable Transport transport;
  volatile @Nullable Instant since;
  volatile @Nullable Instant lastSeen;
  volatile Map<String, String> attributes = Map.of();
  volatile @Nullable Health health;
  volatile @Nullable ConfigHash appliedHash;
  volatile RemoteConfigStatus remoteConfigStatus = RemoteConfigStatus.UNSET;
  volatile @Nullable EffectiveConfig effectiveConfig;
  volatile long capabilities;
  volatile @Nullable Duration pollInterval;
  volatile @Nullable DesiredConfig desired;
  private final ArrayDeque<CollectorEvent> events = new ArrayDeque<>();

  LiveCollector(CollectorId id) {
    this.id = id;
  }

  LiveState snapshot(String replica) {
    return new LiveState(
        connected,
        transport,
        since,
        lastSeen,
        attributes,
        health,
        appliedHash,
        remoteConfigStatus,
        effectiveConfig,
        capabilities,
        replica,
        pollInterval);
  }

  void event(CollectorEventType type, Instant time, String detail) {
    synchronized (events) {
      if (events.size() == MAX_EVENTS) {
        events.removeFirst();
      }
      events.addLast(new CollectorEvent(id, type, time, detail));
    }
  }

  List<CollectorEvent> events(int limit) {
    synchronized (events) {
      List<CollectorEvent> out = new ArrayList<>(Math.min(limit, events.size()));
      Iterator<CollectorEvent> it = events.descendingIterator();
      while (it.hasNext() && out.size() < limit) {
        out.add(it.next());
      }
      return out;
    }
  }
}
