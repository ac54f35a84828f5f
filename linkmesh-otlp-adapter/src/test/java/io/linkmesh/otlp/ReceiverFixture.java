package io.linkmesh.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import io.linkmesh.domain.audit.Actor;
import io.linkmesh.domain.fleet.CollectorId;
import io.linkmesh.domain.fleet.CollectorRuntime;
import io.linkmesh.domain.fleet.Transport;
import io.linkmesh.domain.port.in.AuthenticateCollectorCommand;
import io.linkmesh.domain.port.in.AuthenticateCollectorUseCase;
import io.linkmesh.domain.port.in.ConnectCollectorCommand;
import io.linkmesh.domain.port.in.ConnectOutcome;
import io.linkmesh.domain.port.in.MintEnrollmentTokenCommand;
import io.linkmesh.domain.service.LinkMeshDomain;
import io.linkmesh.domain.testing.InMemoryAuditLog;
import io.linkmesh.domain.testing.InMemoryRevisionStore;
import io.linkmesh.domain.testing.MutableClock;
import io.linkmesh.domain.testing.SequentialSecretGenerator;
import io.linkmesh.domain.throughput.ComponentKind;
import io.linkmesh.domain.throughput.ComponentThroughput;
import io.linkmesh.domain.throughput.Measure;
import io.linkmesh.domain.throughput.Signal;
import io.linkmesh.domain.throughput.SignalRates;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.jspecify.annotations.Nullable;

/** A domain with two enrolled collectors and a real Jetty on port 0 serving the receiver. */
final class ReceiverFixture {
  static final CollectorId A = CollectorId.of("0190f3c2-0000-7000-8000-00000000000a");
  static final CollectorId B = CollectorId.of("0190f3c2-0000-7000-8000-00000000000b");

  /** Enrolled without a credential of its own (like Alloy): the token stays its only secret. */
  static final CollectorId C = CollectorId.of("0190f3c2-0000-7000-8000-00000000000c");

  final MutableClock clock = MutableClock.at("2026-11-26T10:00:00Z");
  final LinkMeshDomain domain;
  final String token;
  final String credentialA;
  final String credentialB;
  final OtlpReceiver receiver;
  final Server server;
  final URI url;

  ReceiverFixture() throws Exception {
    this(b -> b, null);
  }

  ReceiverFixture(
      UnaryOperator<OtlpReceiver.Builder> options,
      @Nullable UnaryOperator<AuthenticateCollectorUseCase> authWrapper)
      throws Exception {
    this(200, options, authWrapper);
  }

  /**
   * @param maxThreads the server's thread pool: small, a receiver that held a thread per slow
   *     client shows at once
   */
  ReceiverFixture(
      int maxThreads,
      UnaryOperator<OtlpReceiver.Builder> options,
      @Nullable UnaryOperator<AuthenticateCollectorUseCase> authWrapper)
      throws Exception {
    domain =
        LinkMeshDomain.builder()
            .store(new InMemoryRevisionStore())
            .auditLog(new InMemoryAuditLog())
            .secrets(new SequentialSecretGenerator())
            .clock(clock)
            .build();
    token =
        domain
            .enrollment()
            .mint(new MintEnrollmentTokenCommand(Actor.system(), Duration.ofHours(1), 3, Map.of()))
            .token();
    credentialA = enroll(A);
    credentialB = enroll(B);
    enroll(C, ConnectCollectorCommand.CredentialRequest.NONE);
    AuthenticateCollectorUseCase auth = domain.fleet();
    if (authWrapper != null) {
      auth = authWrapper.apply(auth);
    }
    receiver =
        options
            .apply(OtlpReceiver.builder().authenticator(auth).metrics(domain.throughput()))
            .build();
    server = new Server(new QueuedThreadPool(maxThreads, Math.min(8, maxThreads)));
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    server.setHandler(receiver);
    server.start();
    url = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/v1/metrics");
  }

  private String enroll(CollectorId id) {
    String credential = enroll(id, ConnectCollectorCommand.CredentialRequest.IF_MISSING);
    assertThat(credential).isNotNull();
    return credential;
  }

  private @Nullable String enroll(
      CollectorId id, ConnectCollectorCommand.CredentialRequest credential) {
    ConnectOutcome outcome =
        domain
            .fleet()
            .connect(
                new ConnectCollectorCommand(
                    domain.fleet().authenticate(new AuthenticateCollectorCommand(token)),
                    id,
                    CollectorRuntime.OTELCOL,
                    Transport.WEBSOCKET,
                    null,
                    Map.of(),
                    credential,
                    null,
                    "127.0.0.1"));
    assertThat(outcome).isInstanceOf(ConnectOutcome.Connected.class);
    return ((ConnectOutcome.Connected) outcome).issuedCredential();
  }

  @Nullable Double rate(
      CollectorId collector, ComponentKind kind, String id, Signal signal, Measure measure) {
    ComponentThroughput component =
        domain
            .throughput()
            .throughput(collector)
            .orElseThrow(() -> new AssertionError("no throughput for " + collector))
            .component(kind, id)
            .orElseThrow(() -> new AssertionError("no component " + kind + " " + id));
    SignalRates rates = component.signal(signal);
    return rates == null ? null : rates.rate(measure);
  }

  void stop() throws Exception {
    server.stop();
  }
}
