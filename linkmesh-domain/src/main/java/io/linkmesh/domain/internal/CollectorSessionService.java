package io.linkmesh.domain.internal;

import io.linkmesh.domain.audit.Actor;
import io.linkmesh.domain.audit.AuditAction;
import io.linkmesh.domain.config.DesiredConfig;
import io.linkmesh.domain.enrollment.EnrollmentToken;
import io.linkmesh.domain.enrollment.TokenKind;
import io.linkmesh.domain.enrollment.TokenParts;
import io.linkmesh.domain.fleet.CollectorEventType;
import io.linkmesh.domain.fleet.CollectorId;
import io.linkmesh.domain.fleet.CollectorRecord;
import io.linkmesh.domain.fleet.RemoteConfigStatus;
import io.linkmesh.domain.internal.RegistrationBatcher.Registration;
import io.linkmesh.domain.port.in.AuthenticateCollectorCommand;
import io.linkmesh.domain.port.in.CollectorAuthentication;
import io.linkmesh.domain.port.in.CollectorSessions;
import io.linkmesh.domain.port.in.ConnectCollectorCommand;
import io.linkmesh.domain.port.in.ConnectCollectorCommand.CredentialRequest;
import io.linkmesh.domain.port.in.ConnectOutcome;
import io.linkmesh.domain.port.in.DisconnectCollectorCommand;
import io.linkmesh.domain.port.in.NoteOwnMetricsOfferedCommand;
import io.linkmesh.domain.port.in.Refusal;
import io.linkmesh.domain.port.in.ReportCollectorStatusCommand;
import io.linkmesh.domain.port.in.StatusOutcome;
import io.linkmesh.domain.port.out.AgentNotifier;
import io.linkmesh.domain.port.out.SecretGenerator;
import io.linkmesh.domain.port.out.StoreException;
import io.linkmesh.domain.revision.Change;
import io.linkmesh.domain.revision.StateCodec;
import io.linkmesh.domain.revision.StatePaths;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The collectors' side of the fleet: who may connect, registration on first sight, status reports
 * and the desired config each collector should run.
 */
public final class CollectorSessionService implements CollectorSessions {
  private final LiveFleet live;
  private final DesiredStateKeeper state;
  private final SecretGenerator secrets;
  private final Auditor auditor;
  private final Clock clock;
  private final RegistrationBatcher registrations;
  private final Reenrollment reenrollment;

  public CollectorSessionService(LiveFleet live, SecretGenerator secrets, Auditor auditor) {
    this.live = live;
    this.state = live.state();
    this.secrets = secrets;
    this.auditor = auditor;
    this.clock = state.clock();
    this.registrations =
        new RegistrationBatcher(
            state,
            secrets,
            auditor,
            token -> {
              CollectorAuthentication.Refused why = refusedToken(token);
              return Registration.turned(why.reason(), why.message());
            });
    this.reenrollment = new Reenrollment(state, secrets, auditor);
  }

  @Override
  public void addNotifier(AgentNotifier notifier) {
    live.addNotifier(notifier);
  }

  @Override
  public CollectorAuthentication authenticate(AuthenticateCollectorCommand command) {
    Optional<TokenParts> parsed = TokenParts.parse(command.secret());
    if (parsed.isEmpty()) {
      return new CollectorAuthentication.Refused(Refusal.UNAUTHENTICATED, "unknown credential");
    }
    TokenParts parts = parsed.get();
    if (parts.kind() == TokenKind.COLLECTOR_CREDENTIAL) {
      Optional<CollectorRecord> record =
          state.collectorByCredential(parts.id()).flatMap(state::collector);
      if (record.isEmpty()
          || record.get().credentialHash() == null
          || !Objects.requireNonNull(record.get().credentialHash()).matches(parts.secret())) {
        return new CollectorAuthentication.Refused(
            Refusal.UNAUTHENTICATED, "unknown or revoked collector credential");
      }
      return new CollectorAuthentication.Credential(record.get().id());
    }
    if (parts.kind() == TokenKind.ENROLLMENT) {
      Optional<EnrollmentToken> token = state.enrollmentToken(parts.id());
      if (token.isEmpty() || !token.get().hash().matches(parts.secret())) {
        return new CollectorAuthentication.Refused(
            Refusal.UNAUTHENTICATED, "unknown enrollment token");
      }
      return TokenAuthentication.of(state, token.get(), clock.instant(), this::refusedToken);
    }
    return new CollectorAuthentication.Refused(
        Refusal.UNAUTHENTICATED, "an API token cannot connect a collector");
  }

  private CollectorAuthentication.Refused refusedToken(EnrollmentToken token) {
    if (token.revoked()) {
      return new CollectorAuthentication.Refused(Refusal.REVOKED, "enrollment token was revoked");
    }
    if (token.expired(clock.instant())) {
      return new CollectorAuthentication.Refused(Refusal.EXPIRED, "enrollment token has expired");
    }
    return new CollectorAuthentication.Refused(
        Refusal.USED_UP, "enrollment token was already used by another collector");
  }

  @Override
  public ConnectOutcome connect(ConnectCollectorCommand command) {
    CollectorAuthentication auth = command.authentication();
    CollectorId id = command.id();
    if (auth instanceof CollectorAuthentication.Refused refused) {
      return new ConnectOutcome.Refused(refused.reason(), refused.message());
    }
    Optional<CollectorRecord> existing = state.collector(id);
    boolean registered = false;
    String issued = null;
    CollectorRecord record;
    if (auth instanceof CollectorAuthentication.Credential credential) {
      if (!credential.collector().equals(id)) {
        return new ConnectOutcome.Refused(
            Refusal.WRONG_COLLECTOR, "this credential belongs to another collector");
      }
      if (existing.isEmpty()) {
        return new ConnectOutcome.Refused(Refusal.DEREGISTERED, "collector was deregistered");
      }
      record = existing.get();
    } else {
      CollectorAuthentication.Enrollment enrollment = (CollectorAuthentication.Enrollment) auth;
      if (existing.isPresent() && !enrollment.enrolled().contains(id)) {
        Registration again = reenrollment.reenroll(existing.get(), command, enrollment);
        if (again instanceof Registration.Turned turned) {
          return turned.refusal();
        }
        Registration.Registered done = (Registration.Registered) again;
        record = done.record();
        issued = done.credential();
        registered = true;
      } else if (existing.isPresent()) {
        record = existing.get();
      } else if (state
          .tombstone(id)
          .map(t -> enrollment.tokenId().equals(t.enrolledWith()))
          .orElse(false)) {
        return new ConnectOutcome.Refused(
            Refusal.DEREGISTERED,
            "collector " + id + " was deregistered; enroll it again with a new token");
      } else {
        Registration result = register(command, enrollment.tokenId());
        if (result instanceof Registration.Turned turned) {
          ConnectOutcome.Refused refused = turned.refusal();
          auditor.record(
              new Actor("collector:" + id, command.address()),
              AuditAction.COLLECTOR_ENROLL_REFUSED,
              id.value(),
              "refused",
              refused.message());
          return refused;
        }
        Registration.Registered done = (Registration.Registered) result;
        record = done.record();
        issued = done.credential();
        registered = true;
      }
    }
    if (!registered) {
      record = renamedAtMostAtRate(record, command.name());
    }
    // A collector registered just now got its credential in the registration commit.
    if (!registered
        && (command.credential() == CredentialRequest.ROTATE
            || (command.credential() == CredentialRequest.IF_MISSING
                && record.credentialId() == null))) {
      IssuedCredential credential = issueCredential(record);
      if (credential != null) {
        record = credential.record();
        issued = credential.token();
      }
    }
    Instant now = clock.instant();
    LiveCollector holder = live.getOrAdd(id);
    holder.attributes = command.attributes().isEmpty() ? holder.attributes : command.attributes();
    holder.pollInterval = command.pollInterval();
    holder.lastSeen = now;
    if (registered) {
      holder.event(
          CollectorEventType.REGISTERED,
          now,
          "enrolled with token "
              + record.enrolledWith()
              + " over "
              + command.transport().wireName());
    }
    if (!holder.connected || holder.transport != command.transport()) {
      holder.connected = true;
      holder.transport = command.transport();
      holder.since = now;
      holder.event(
          CollectorEventType.CONNECTED,
          now,
          "over " + command.transport().wireName() + " from " + command.address());
    }
    DesiredConfig desired = live.computeDesired(record, holder);
    holder.desired = desired;
    return new ConnectOutcome.Connected(
        live.view(record, holder, null), desired, issued, registered);
  }

  private Registration register(ConnectCollectorCommand command, String tokenId) {
    return registrations.register(command, tokenId);
  }

  /**
   * Records the name a known collector now gives (Alloy sends it only in RegisterCollector, which
   * comes after the GetConfig that registered it), or one it gave earlier that had to wait, as
   * often as its write budget allows; see {@link RenameCoalescer}.
   */
  private CollectorRecord renamedAtMostAtRate(CollectorRecord record, @Nullable String reported) {
    String name = live.renames().nameToWrite(record, reported);
    if (name == null) {
      return record;
    }
    CollectorRecord result = renamed(record, name);
    if (!name.equals(result.name())) {
      live.renames().defer(record.id(), name);
    }
    return result;
  }

  /** Writes the new name into the stored record; on a conflict or store failure keeps the old. */
  private CollectorRecord renamed(CollectorRecord record, String name) {
    try {
      return state.write(
          head -> {
            // Rename what is stored now, not the record read before: labels may have moved.
            Optional<CollectorRecord> current = state.collector(record.id());
            if (current.isEmpty()) {
              return StateWrite.<CollectorRecord>nothing(() -> record);
            }
            CollectorRecord updated = current.get().withIdentity(name, current.get().attributes());
            if (updated.equals(current.get())) {
              return StateWrite.<CollectorRecord>nothing(current::get);
            }
            return StateWrite.<CollectorRecord>of(
                    Change.put(StatePaths.collector(record.id()), StateCodec.encode(updated)))
                .author("collector:" + record.id())
                .message("Rename collector " + record.id())
                .whenCommitted(r -> updated)
                .otherwise(() -> record);
          });
    } catch (StoreException e) {
      return record;
    }
  }

  private record IssuedCredential(CollectorRecord record, String token) {}

  /**
   * Null when none was issued: on a conflict, or over the collector's write budget (it asks again).
   */
  private @Nullable IssuedCredential issueCredential(CollectorRecord record) {
    if (!live.writeBudget().tryTake(record.id())) {
      return null;
    }
    TokenParts parts =
        new TokenParts(TokenKind.COLLECTOR_CREDENTIAL, secrets.newId(), secrets.newSecret());
    CollectorRecord updated = record.withCredential(parts.id(), parts.hash());
    return state.write(
        head ->
            StateWrite.<@Nullable IssuedCredential>of(
                    Change.put(StatePaths.collector(record.id()), StateCodec.encode(updated)))
                .author("collector:" + record.id())
                .message("Issue a credential to collector " + record.id())
                .whenCommitted(r -> new IssuedCredential(updated, parts.token()))
                .otherwise(() -> null));
  }

  @Override
  public StatusOutcome report(ReportCollectorStatusCommand command) {
    LiveCollector holder = live.get(command.id());
    Optional<CollectorRecord> record = state.collector(command.id());
    if (holder == null || record.isEmpty()) {
      return new StatusOutcome.Unknown();
    }
    Instant now = clock.instant();
    holder.lastSeen = now;
    if (!holder.connected) {
      holder.connected = true;
      holder.since = now;
      holder.event(CollectorEventType.CONNECTED, now, "resumed");
    }
    if (command.pollInterval() != null) {
      holder.pollInterval = command.pollInterval();
    }
    if (command.capabilities() != null) {
      holder.capabilities = command.capabilities();
    }
    if (command.health() != null) {
      holder.health = command.health();
    }
    if (command.effectiveConfig() != null) {
      holder.effectiveConfig = command.effectiveConfig();
    }
    RemoteConfigStatus status = command.remoteConfigStatus();
    if (status != null && !status.equals(holder.remoteConfigStatus)) {
      holder.remoteConfigStatus = status;
      switch (status.state()) {
        case APPLIED -> {
          holder.appliedHash = status.lastHash();
          holder.event(
              CollectorEventType.CONFIG_APPLIED,
              now,
              status.lastHash() == null ? "applied" : "applied " + status.lastHash());
        }
        case FAILED -> holder.event(CollectorEventType.CONFIG_FAILED, now, status.errorMessage());
        case APPLYING ->
            holder.event(
                CollectorEventType.CONFIG_APPLYING,
                now,
                status.lastHash() == null ? "applying" : "applying " + status.lastHash());
        case UNSET -> {}
      }
    }
    Map<String, String> attributes = command.attributes();
    if (attributes != null && !attributes.equals(holder.attributes)) {
      holder.attributes = attributes;
      holder.desired = live.computeDesired(record.get(), holder);
    }
    return new StatusOutcome.Accepted(holder.desired);
  }

  @Override
  public void disconnect(DisconnectCollectorCommand command) {
    LiveCollector holder = live.get(command.id());
    if (holder == null) {
      return;
    }
    Instant now = clock.instant();
    boolean wasConnected = holder.connected;
    holder.connected = false;
    holder.since = now;
    if (command.reason() == DisconnectCollectorCommand.Reason.UNREGISTERED) {
      holder.event(CollectorEventType.UNREGISTERED, now, command.detail());
    } else if (wasConnected) {
      holder.event(CollectorEventType.DISCONNECTED, now, command.detail());
    }
  }

  @Override
  public void ownMetricsOffered(NoteOwnMetricsOfferedCommand command) {
    LiveCollector holder = live.get(command.id());
    if (holder != null) {
      holder.event(
          CollectorEventType.OWN_METRICS_OFFERED, clock.instant(), "to " + command.endpoint());
    }
  }

  @Override
  public Optional<DesiredConfig> desiredConfig(CollectorId collector) {
    LiveCollector holder = live.get(collector);
    if (holder != null) {
      return Optional.ofNullable(holder.desired);
    }
    return state
        .collector(collector)
        .map(record -> live.computeDesired(record, new LiveCollector(collector)));
  }
}
