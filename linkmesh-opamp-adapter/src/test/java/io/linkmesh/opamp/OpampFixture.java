package io.linkmesh.opamp;

import static org.assertj.core.api.Assertions.assertThat;

import io.linkmesh.config.otelcol.OtelcolConfigValidator;
import io.linkmesh.domain.audit.Actor;
import io.linkmesh.domain.config.ConfigName;
import io.linkmesh.domain.config.ConfigSpec;
import io.linkmesh.domain.config.Selector;
import io.linkmesh.domain.fleet.Collector;
import io.linkmesh.domain.fleet.CollectorEventType;
import io.linkmesh.domain.fleet.CollectorId;
import io.linkmesh.domain.fleet.CollectorRuntime;
import io.linkmesh.domain.port.in.DeregisterCollectorCommand;
import io.linkmesh.domain.port.in.MintEnrollmentTokenCommand;
import io.linkmesh.domain.port.in.PutConfigCommand;
import io.linkmesh.domain.port.in.PutConfigOutcome;
import io.linkmesh.domain.port.in.RevokeEnrollmentTokenCommand;
import io.linkmesh.domain.port.out.RevisionStore;
import io.linkmesh.domain.service.LinkMeshDomain;
import io.linkmesh.domain.testing.InMemoryAuditLog;
import io.linkmesh.domain.testing.InMemoryRevisionStore;
import io.linkmesh.domain.testing.MutableClock;
import io.linkmesh.domain.testing.SequentialSecretGenerator;
import io.linkmesh.opamp.internal.DomainFleet;
import io.linkmesh.opamp.internal.Fleet;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.DefaultHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.jspecify.annotations.Nullable;

/** A real Jetty on port 0 with the OpAMP handler over a real in-memory domain. */
final class OpampFixture implements AutoCloseable {

  final MutableClock clock = MutableClock.at("2026-11-26T10:00:00Z");
  final InMemoryRevisionStore store;
  final LinkMeshDomain domain;
  final OpampServer opamp;
  final Server server;
  final int port;

  OpampFixture() {
    this(b -> {});
  }

  OpampFixture(Consumer<OpampServer.Builder> options) {
    this(new InMemoryRevisionStore(), options);
  }

  /** A server over an existing store: a restart keeps what was registered. */
  OpampFixture(InMemoryRevisionStore store, Consumer<OpampServer.Builder> options) {
    this(store, null, UnaryOperator.identity(), options);
  }

  /**
   * A server whose session machine talks to the domain through {@code around}, so a test can hold a
   * call to the fleet at a chosen point.
   */
  static OpampFixture around(UnaryOperator<Fleet> around) {
    return new OpampFixture(new InMemoryRevisionStore(), around, UnaryOperator.identity(), b -> {});
  }

  /** A server whose domain sees the in-memory store through {@code storeView}, say one failing. */
  static OpampFixture overStore(UnaryOperator<RevisionStore> storeView) {
    return new OpampFixture(new InMemoryRevisionStore(), null, storeView, b -> {});
  }

  private OpampFixture(
      InMemoryRevisionStore store,
      @Nullable UnaryOperator<Fleet> around,
      UnaryOperator<RevisionStore> storeView,
      Consumer<OpampServer.Builder> options) {
    this.store = store;
    domain =
        LinkMeshDomain.builder()
            .store(storeView.apply(store))
            .auditLog(new InMemoryAuditLog())
            .secrets(new SequentialSecretGenerator())
            .clock(clock)
            .validator(new OtelcolConfigValidator())
            .build();
    OpampServer.Builder b = OpampServer.builder().useCases(domain.fleet()).clock(clock);
    options.accept(b);
    if (around != null) {
      var fleet = domain.fleet();
      b.fleet(
          around.apply(new DomainFleet(fleet, fleet, fleet, fleet, fleet, Duration.ofSeconds(30))));
    }
    opamp = b.build();
    domain.fleet().addNotifier(opamp.notifier());
    QueuedThreadPool pool = new QueuedThreadPool(32, 4);
    pool.setName("jetty-test");
    server = new Server(pool);
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    server.setHandler(new Handler.Sequence(opamp.handler(), new DefaultHandler()));
    try {
      server.start();
    } catch (Exception e) {
      throw new IllegalStateException("Jetty did not start", e);
    }
    port = connector.getLocalPort();
  }

  URI ws() {
    return URI.create("ws://127.0.0.1:" + port + "/v1/opamp");
  }

  URI http() {
    return URI.create("http://127.0.0.1:" + port + "/v1/opamp");
  }

  String mint(Map<String, String> labels) {
    return domain
        .enrollment()
        .mint(new MintEnrollmentTokenCommand(Actor.system(), null, null, labels))
        .token();
  }

  String mint() {
    return mint(Map.of("env", "test"));
  }

  String mintMultiUse(int uses) {
    return domain
        .enrollment()
        .mint(new MintEnrollmentTokenCommand(Actor.system(), Duration.ofHours(1), uses, Map.of()))
        .token();
  }

  void revoke(String token) {
    assertThat(
            domain
                .enrollment()
                .revoke(new RevokeEnrollmentTokenCommand(Actor.system(), token.split("_")[1])))
        .isTrue();
  }

  void putConfig(String name, Map<String, String> selector, String yaml) {
    PutConfigOutcome outcome =
        domain
            .configs()
            .put(
                new PutConfigCommand(
                    Actor.system(),
                    new ConfigSpec(
                        ConfigName.of(name), CollectorRuntime.OTELCOL, Selector.of(selector), yaml),
                    null,
                    null));
    assertThat(outcome).isInstanceOf(PutConfigOutcome.Published.class);
  }

  Collector collector(String id) {
    return domain.fleet().collector(CollectorId.of(id)).orElseThrow();
  }

  List<CollectorEventType> events(String id) {
    return domain.fleet().events(CollectorId.of(id), 100).stream().map(e -> e.type()).toList();
  }

  void deregister(String id) {
    assertThat(
            domain
                .fleet()
                .deregister(new DeregisterCollectorCommand(Actor.system(), CollectorId.of(id))))
        .isTrue();
  }

  static final String CONFIG =
      """
      receivers:
        otlp:
          protocols:
            grpc:
      exporters:
        debug:
      service:
        pipelines:
          traces:
            receivers: [otlp]
            exporters: [debug]
      """;

  @Override
  public void close() {
    opamp.close();
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("Jetty did not stop", e);
    }
  }
}
