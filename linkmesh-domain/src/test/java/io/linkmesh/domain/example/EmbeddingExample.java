package io.linkmesh.domain.example;

import io.linkmesh.domain.audit.Actor;
import io.linkmesh.domain.config.ConfigName;
import io.linkmesh.domain.config.ConfigSpec;
import io.linkmesh.domain.config.DesiredConfig;
import io.linkmesh.domain.config.Selector;
import io.linkmesh.domain.fleet.CollectorId;
import io.linkmesh.domain.fleet.CollectorRuntime;
import io.linkmesh.domain.fleet.Transport;
import io.linkmesh.domain.port.in.AuthenticateCollectorCommand;
import io.linkmesh.domain.port.in.CollectorSessions;
import io.linkmesh.domain.port.in.ConnectCollectorCommand;
import io.linkmesh.domain.port.in.ConnectCollectorCommand.CredentialRequest;
import io.linkmesh.domain.port.in.ConnectOutcome;
import io.linkmesh.domain.port.in.MintEnrollmentTokenCommand;
import io.linkmesh.domain.port.in.PutConfigCommand;
import io.linkmesh.domain.service.LinkMeshDomain;
import io.linkmesh.domain.testing.InMemoryAuditLog;
import io.linkmesh.domain.testing.InMemoryRevisionStore;
import io.linkmesh.domain.testing.RecordingAgentNotifier;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The example of linkmesh-domain's README: the code between the tags is the README's code block,
 * character for character ({@code ReadmeExampleTest} checks).
 */
final class EmbeddingExample {
  /** What the example leaves behind, for the test to check. */
  record Result(
      LinkMeshDomain domain, RecordingAgentNotifier notifier, @Nullable DesiredConfig desired) {}

  static Result run() {
    // tag::example[]
    // The in-memory store and audit log of linkmesh-domain's test-jar; a server passes its own.
    LinkMeshDomain domain =
        LinkMeshDomain.builder()
            .store(new InMemoryRevisionStore())
            .auditLog(new InMemoryAuditLog())
            .build();
    // A protocol adapter's notifier: told when a connected collector's desired config changes.
    RecordingAgentNotifier notifier = new RecordingAgentNotifier();
    domain.sessions().addNotifier(notifier);

    // An operator puts a config for the collectors labelled env=prod...
    Actor alice = new Actor("alice", "192.0.2.1");
    ConfigSpec prod =
        new ConfigSpec(
            ConfigName.of("prod"),
            CollectorRuntime.OTELCOL,
            Selector.of(Map.of("env", "prod")),
            "receivers:\n  otlp: {}\n");
    domain.configs().put(new PutConfigCommand(alice, prod, null, null));
    // ...and mints an enrollment token that labels what enrolls with it env=prod.
    MintEnrollmentTokenCommand mint =
        new MintEnrollmentTokenCommand(alice, null, null, Map.of("env", "prod"));
    String token = domain.enrollment().mint(mint).token();

    // A collector connects with the token (what a protocol adapter does) and gets its config.
    CollectorSessions sessions = domain.sessions();
    ConnectOutcome outcome =
        sessions.connect(
            new ConnectCollectorCommand(
                sessions.authenticate(new AuthenticateCollectorCommand(token)),
                CollectorId.of("c-1"),
                CollectorRuntime.OTELCOL,
                Transport.WEBSOCKET,
                null,
                Map.of("host.name", "web-1"),
                CredentialRequest.NONE,
                null,
                "198.51.100.7"));
    DesiredConfig desired = ((ConnectOutcome.Connected) outcome).desired();
    // end::example[]
    return new Result(domain, notifier, desired);
  }

  private EmbeddingExample() {}
}
