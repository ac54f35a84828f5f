package io.linkmesh.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.linkmesh.alloy.AlloyRemoteConfigHandler;
import io.linkmesh.config.alloy.AlloyConfigValidator;
import io.linkmesh.config.otelcol.OtelcolConfigValidator;
import io.linkmesh.domain.audit.Actor;
import io.linkmesh.domain.config.ConfigName;
import io.linkmesh.domain.config.ConfigSpec;
import io.linkmesh.domain.config.Selector;
import io.linkmesh.domain.fleet.Collector;
import io.linkmesh.domain.fleet.CollectorId;
import io.linkmesh.domain.fleet.CollectorRuntime;
import io.linkmesh.domain.port.in.MintEnrollmentTokenCommand;
import io.linkmesh.domain.port.in.MintedEnrollmentToken;
import io.linkmesh.domain.port.in.PutConfigCommand;
import io.linkmesh.domain.port.in.PutConfigOutcome;
import io.linkmesh.domain.port.in.RevokeEnrollmentTokenCommand;
import io.linkmesh.domain.service.LinkMeshDomain;
import io.linkmesh.domain.testing.InMemoryAuditLog;
import io.linkmesh.domain.testing.InMemoryRevisionStore;
import io.linkmesh.domain.testing.SequentialSecretGenerator;
import io.linkmesh.opamp.OpampServer;
import io.linkmesh.otlp.OtlpReceiver;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.DefaultHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A real LinkMesh server for the simulator's tests: the domain over the in-memory fakes, and the
 * OpAMP, Alloy and OTLP handlers on one Jetty on port 0, wired as linkmesh-app wires them.
 */
final class SimServer implements AutoCloseable {
  static final String OTELCOL_CONFIG =
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

  static final String ALLOY_CONFIG =
      """
      otelcol.receiver.otlp "default" {
        grpc { }
        output { }
      }
      """;

  final LinkMeshDomain domain;
  final OpampServer opamp;
  final Server jetty;
  final ServerConnector connector;
  final int port;

  SimServer() {
    this(Duration.ofSeconds(1));
  }

  SimServer(Duration heartbeat) {
    this(b -> b.heartbeat(heartbeat).httpPollInterval(heartbeat));
  }

  /** A server whose OpAMP options are the defaults, changed by {@code options}. */
  SimServer(Consumer<OpampServer.Builder> options) {
    domain =
        LinkMeshDomain.builder()
            .store(new InMemoryRevisionStore())
            .auditLog(new InMemoryAuditLog())
            .secrets(new SequentialSecretGenerator())
            .clock(Clock.systemUTC())
            .validator(new OtelcolConfigValidator())
            .validator(AlloyConfigValidator.create())
            .build();
    OpampServer.Builder b = OpampServer.builder().useCases(domain.fleet());
    options.accept(b);
    opamp = b.build();
    domain.fleet().addNotifier(opamp.notifier());
    AlloyRemoteConfigHandler alloy =
        AlloyRemoteConfigHandler.builder().fleet(domain.fleet()).build();
    domain.fleet().addNotifier(alloy.notifier());
    OtlpReceiver otlp =
        OtlpReceiver.builder().authenticator(domain.fleet()).metrics(domain.throughput()).build();
    QueuedThreadPool pool = new QueuedThreadPool(64, 4);
    pool.setName("sim-test-server");
    jetty = new Server(pool);
    connector = new ServerConnector(jetty);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    connector.setAcceptQueueSize(4096);
    jetty.addConnector(connector);
    jetty.setHandler(new Handler.Sequence(opamp.handler(), alloy, otlp, new DefaultHandler()));
    start();
    port = connector.getLocalPort();
  }

  private void start() {
    try {
      jetty.start();
    } catch (Exception e) {
      throw new IllegalStateException("Jetty did not start", e);
    }
  }

  /** Stops Jetty (every connection drops) and starts it again on the same port. */
  void restart() {
    try {
      jetty.stop();
    } catch (Exception e) {
      throw new IllegalStateException("Jetty did not stop", e);
    }
    connector.setPort(port);
    start();
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + port);
  }

  String mint(int uses, Map<String, String> labels) {
    return minted(uses, labels).token();
  }

  MintedEnrollmentToken minted(int uses, Map<String, String> labels) {
    return domain
        .enrollment()
        .mint(new MintEnrollmentTokenCommand(Actor.system(), Duration.ofHours(1), uses, labels));
  }

  void revoke(MintedEnrollmentToken token) {
    assertThat(
            domain
                .enrollment()
                .revoke(new RevokeEnrollmentTokenCommand(Actor.system(), token.record().id())))
        .isTrue();
  }

  String putConfig(
      CollectorRuntime runtime, String name, Map<String, String> selector, String body) {
    PutConfigOutcome outcome =
        domain
            .configs()
            .put(
                new PutConfigCommand(
                    Actor.system(),
                    new ConfigSpec(ConfigName.of(name), runtime, Selector.of(selector), body),
                    null,
                    null));
    assertThat(outcome).isInstanceOf(PutConfigOutcome.Published.class);
    return name;
  }

  Collector collector(String id) {
    return domain.fleet().collector(CollectorId.of(id)).orElseThrow();
  }

  @Override
  public void close() {
    opamp.close();
    try {
      jetty.stop();
    } catch (Exception e) {
      throw new IllegalStateException("Jetty did not stop", e);
    }
  }
}
