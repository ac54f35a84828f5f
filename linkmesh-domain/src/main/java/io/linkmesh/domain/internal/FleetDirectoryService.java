package io.linkmesh.domain.internal;

import io.linkmesh.domain.audit.AuditAction;
import io.linkmesh.domain.fleet.Collector;
import io.linkmesh.domain.fleet.CollectorEvent;
import io.linkmesh.domain.fleet.CollectorId;
import io.linkmesh.domain.fleet.CollectorRecord;
import io.linkmesh.domain.internal.LiveFleet.PeerView;
import io.linkmesh.domain.port.in.CollectorFilter;
import io.linkmesh.domain.port.in.DeregisterCollectorCommand;
import io.linkmesh.domain.port.in.FleetDirectory;
import io.linkmesh.domain.port.in.SetCollectorLabelsCommand;
import io.linkmesh.domain.revision.Change;
import io.linkmesh.domain.revision.StateCodec;
import io.linkmesh.domain.revision.StatePaths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The operators' side of the fleet: listing, events, labels and deregistration. */
public final class FleetDirectoryService implements FleetDirectory {
  private final LiveFleet live;
  private final DesiredStateKeeper state;
  private final Auditor auditor;

  public FleetDirectoryService(LiveFleet live, Auditor auditor) {
    this.live = live;
    this.state = live.state();
    this.auditor = auditor;
  }

  @Override
  public List<Collector> collectors(CollectorFilter filter) {
    List<Collector> out = new ArrayList<>();
    Map<CollectorId, PeerView> peers = live.peerViews();
    for (CollectorRecord record : recordsById().values()) {
      Collector collector = live.view(record, live.get(record.id()), peers.get(record.id()));
      if (filter.accepts(collector)) {
        out.add(collector);
      }
    }
    return out;
  }

  private Map<CollectorId, CollectorRecord> recordsById() {
    Map<CollectorId, CollectorRecord> map = new TreeMap<>();
    for (CollectorRecord record : state.collectors()) {
      map.put(record.id(), record);
    }
    return map;
  }

  @Override
  public Optional<Collector> collector(CollectorId id) {
    return state
        .collector(id)
        .map(record -> live.view(record, live.get(id), live.peerViews().get(id)));
  }

  @Override
  public List<CollectorEvent> events(CollectorId id, int limit) {
    LiveCollector holder = live.get(id);
    return holder == null
        ? List.of()
        : holder.events(Math.max(1, Math.min(limit, LiveCollector.MAX_EVENTS)));
  }

  @Override
  public Optional<Collector> setLabels(SetCollectorLabelsCommand command) {
    CollectorId id = command.id();
    return state.write(
        head -> {
          Optional<CollectorRecord> record = state.collector(id);
          if (record.isEmpty()) {
            return StateWrite.<Optional<Collector>>nothing(Optional::empty);
          }
          CollectorRecord updated = record.get().withLabels(command.labels());
          if (updated.equals(record.get())) {
            return StateWrite.<Optional<Collector>>nothing(() -> collector(id));
          }
          return StateWrite.<Optional<Collector>>of(
                  Change.put(StatePaths.collector(id), StateCodec.encode(updated)))
              .author(command.actor().name())
              .message("Set labels of collector " + id)
              .whenCommitted(
                  r -> {
                    auditor.record(
                        command.actor(),
                        AuditAction.COLLECTOR_LABELS,
                        id.value(),
                        "ok",
                        command.labels().toString());
                    return collector(id);
                  })
              .otherwise(() -> collector(id));
        });
  }

  @Override
  public boolean deregister(DeregisterCollectorCommand command) {
    CollectorId id = command.id();
    boolean done =
        state.write(
            head -> {
              Optional<CollectorRecord> record = state.collector(id);
              if (record.isEmpty()) {
                return StateWrite.<Boolean>nothing(() -> false);
              }
              CollectorRecord tombstone = record.get().asDeregistered(live.clock().instant());
              return StateWrite.<Boolean>of(
                      Change.put(StatePaths.collector(id), StateCodec.encode(tombstone)))
                  .author(command.actor().name())
                  .message("Deregister collector " + id)
                  .whenCommitted(r -> true)
                  .otherwise(() -> false);
            });
    if (done) {
      auditor.record(command.actor(), AuditAction.COLLECTOR_DEREGISTER, id.value(), "ok", "");
    }
    return done;
  }
}
