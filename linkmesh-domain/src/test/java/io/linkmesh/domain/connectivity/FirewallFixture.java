package io.linkmesh.domain.connectivity;

import io.linkmesh.domain.audit.Actor;
import io.linkmesh.domain.config.ConfigName;
import io.linkmesh.domain.config.ConfigSpec;
import io.linkmesh.domain.config.Selector;
import io.linkmesh.domain.fleet.Collector;
import io.linkmesh.domain.fleet.CollectorEvent;
import io.linkmesh.domain.fleet.CollectorId;
import io.linkmesh.domain.fleet.CollectorRecord;
import io.linkmesh.domain.fleet.CollectorRuntime;
import io.linkmesh.domain.fleet.LiveState;
import io.linkmesh.domain.port.in.CollectorFilter;
import io.linkmesh.domain.port.in.DeleteConfigCommand;
import io.linkmesh.domain.port.in.DeleteConfigOutcome;
import io.linkmesh.domain.port.in.FleetQueries;
import io.linkmesh.domain.port.in.PutConfigCommand;
import io.linkmesh.domain.port.in.PutConfigOutcome;
import io.linkmesh.domain.service.FirewallService;
import io.linkmesh.domain.service.LinkMeshDomain;
import io.linkmesh.domain.testing.InMemoryAuditLog;
import io.linkmesh.domain.testing.InMemoryRevisionStore;
import io.linkmesh.domain.testing.LineEndpointExtractor;
import io.linkmesh.domain.testing.MutableClock;
import io.linkmesh.domain.testing.SequentialSecretGenerator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A domain with real config storage (so configs have revisions and can be removed), a fleet the
 * test fills by hand, and the line-format endpoint extractor for both runtimes.
 */
public final class FirewallFixture {
  public final LinkMeshDomain domain =
      LinkMeshDomain.builder()
          .store(new InMemoryRevisionStore())
          .auditLog(new InMemoryAuditLog())
          .secrets(new SequentialSecretGenerator())
          .clock(MutableClock.at("2026-11-26T10:00:00Z"))
          .build();
  public final Fleet fleet = new Fleet();

  public FirewallService firewall(Deployment deployment) {
    return new FirewallService(
        domain.configs(),
        fleet,
        deployment,
        List.of(
            new LineEndpointExtractor(CollectorRuntime.OTELCOL),
            new LineEndpointExtractor(CollectorRuntime.ALLOY)));
  }

  public void put(
      String name, CollectorRuntime runtime, Map<String, String> selector, String body) {
    PutConfigOutcome outcome =
        domain
            .configs()
            .put(
                new PutConfigCommand(
                    Actor.system(),
                    new ConfigSpec(ConfigName.of(name), runtime, Selector.of(selector), body),
                    null,
                    null));
    if (!(outcome instanceof PutConfigOutcome.Published)) {
      throw new IllegalStateException("config not published: " + outcome);
    }
  }

  public void delete(String name) {
    DeleteConfigOutcome outcome =
        domain
            .configs()
            .delete(new DeleteConfigCommand(Actor.system(), ConfigName.of(name), null, null));
    if (!(outcome instanceof DeleteConfigOutcome.Deleted)) {
      throw new IllegalStateException("config not deleted: " + outcome);
    }
  }

  /** A fleet the test fills by hand. */
  public static final class Fleet implements FleetQueries {
    private final List<Collector> collectors = new ArrayList<>();

    public Collector add(
        String id, String name, CollectorRuntime runtime, Map<String, String> labels) {
      Collector collector =
          new Collector(
              new CollectorRecord(
                  CollectorId.of(id),
                  runtime,
                  name,
                  Map.of("host.name", name),
                  labels,
                  Instant.parse("2026-11-26T09:00:00Z"),
                  null,
                  null,
                  null,
                  null),
              LiveState.unknown("local"),
              null);
      collectors.add(collector);
      return collector;
    }

    @Override
    public List<Collector> collectors(CollectorFilter filter) {
      List<Collector> out = new ArrayList<>();
      for (Collector c : collectors) {
        if (filter.accepts(c)) {
          out.add(c);
        }
      }
      return out;
    }

    @Override
    public Optional<Collector> collector(CollectorId id) {
      return collectors.stream().filter(c -> c.id().equals(id)).findFirst();
    }

    @Override
    public List<CollectorEvent> events(CollectorId id, int limit) {
      return List.of();
    }
  }
}
