package io.linkmesh.domain.service;

import io.linkmesh.domain.audit.Actor;
import io.linkmesh.domain.config.ConfigName;
import io.linkmesh.domain.config.ConfigSpec;
import io.linkmesh.domain.config.Selector;
import io.linkmesh.domain.config.ValidationProblem;
import io.linkmesh.domain.config.ValidationResult;
import io.linkmesh.domain.fleet.CollectorId;
import io.linkmesh.domain.fleet.CollectorRuntime;
import io.linkmesh.domain.fleet.Transport;
import io.linkmesh.domain.port.in.AuthenticateCollectorCommand;
import io.linkmesh.domain.port.in.ConnectCollectorCommand;
import io.linkmesh.domain.port.in.ConnectCollectorCommand.CredentialRequest;
import io.linkmesh.domain.port.in.ConnectOutcome;
import io.linkmesh.domain.port.in.MintEnrollmentTokenCommand;
import io.linkmesh.domain.port.in.PutConfigCommand;
import io.linkmesh.domain.port.in.PutConfigOutcome;
import io.linkmesh.domain.port.out.ConfigValidator;
import io.linkmesh.domain.testing.InMemoryAuditLog;
import io.linkmesh.domain.testing.InMemoryRevisionStore;
import io.linkmesh.domain.testing.MutableClock;
import io.linkmesh.domain.testing.RecordingAgentNotifier;
import io.linkmesh.domain.testing.SequentialSecretGenerator;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A domain on in-memory fakes, with shortcuts for the steps most tests take. */
final class DomainFixture {
  static final Actor ALICE = new Actor("alice", "192.0.2.1");

  final MutableClock clock = MutableClock.at("2026-11-26T10:00:00Z");
  final InMemoryRevisionStore store = new InMemoryRevisionStore();
  final InMemoryAuditLog audit = new InMemoryAuditLog();
  final RecordingAgentNotifier notifier = new RecordingAgentNotifier();
  final LinkMeshDomain domain;

  DomainFixture() {
    domain =
        LinkMeshDomain.builder()
            .store(store)
            .auditLog(audit)
            .secrets(new SequentialSecretGenerator())
            .clock(clock)
            .validator(new RefusesTheWordBad(CollectorRuntime.OTELCOL))
            .adminSecret("admin-secret")
            .build();
    domain.fleet().addNotifier(notifier);
  }

  String mintToken(@Nullable Integer maxUses, Map<String, String> labels) {
    return domain
        .enrollment()
        .mint(new MintEnrollmentTokenCommand(ALICE, null, maxUses, labels))
        .token();
  }

  ConnectOutcome connect(String secret, String id) {
    return connect(secret, id, Map.of("host.name", id), CredentialRequest.NONE);
  }

  ConnectOutcome connect(
      String secret, String id, Map<String, String> attributes, CredentialRequest credential) {
    return domain
        .fleet()
        .connect(
            new ConnectCollectorCommand(
                domain.fleet().authenticate(new AuthenticateCollectorCommand(secret)),
                CollectorId.of(id),
                CollectorRuntime.OTELCOL,
                Transport.WEBSOCKET,
                null,
                attributes,
                credential,
                null,
                "198.51.100.1"));
  }

  PutConfigOutcome put(String name, Map<String, String> selector, String body) {
    return domain
        .configs()
        .put(
            new PutConfigCommand(
                ALICE,
                new ConfigSpec(
                    ConfigName.of(name), CollectorRuntime.OTELCOL, Selector.of(selector), body),
                null,
                null));
  }

  void advance(Duration duration) {
    clock.advance(duration);
  }

  /** Refuses any body containing "bad", at the line and column where it is. */
  static final class RefusesTheWordBad implements ConfigValidator {
    private final CollectorRuntime runtime;

    RefusesTheWordBad(CollectorRuntime runtime) {
      this.runtime = runtime;
    }

    @Override
    public CollectorRuntime runtime() {
      return runtime;
    }

    @Override
    public ValidationResult validate(String content) {
      String[] lines = content.split("\n", -1);
      for (int i = 0; i < lines.length; i++) {
        int col = lines[i].indexOf("bad");
        if (col >= 0) {
          return ValidationResult.invalid(
              ValidationProblem.at(i + 1, col + 1, "'bad' is not allowed"));
        }
      }
      return ValidationResult.valid();
    }
  }
}
