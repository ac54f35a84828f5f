package io.linkmesh.domain.internal;

import static java.util.Objects.requireNonNull;

import io.linkmesh.domain.audit.Actor;
import io.linkmesh.domain.audit.AuditAction;
import io.linkmesh.domain.config.DesiredConfig;
import io.linkmesh.domain.enrollment.EnrollmentToken;
import io.linkmesh.domain.enrollment.TokenKind;
import io.linkmesh.domain.enrollment.TokenParts;
import io.linkmesh.domain.fleet.Collector;
import io.linkmesh.domain.fleet.CollectorEvent;
import io.linkmesh.domain.fleet.CollectorEventType;
import io.linkmesh.domain.fleet.CollectorId;
import io.linkmesh.domain.fleet.CollectorRecord;
import io.linkmesh.domain.fleet.CollectorWriteRate;
import io.linkmesh.domain.fleet.LiveState;
import io.linkmesh.domain.fleet.LiveSummary;
import io.linkmesh.domain.fleet.RemoteConfigStatus;
import io.linkmesh.domain.internal.RegistrationBatcher.Registration;
import io.linkmesh.domain.port.in.AuthenticateCollectorCommand;
import io.linkmesh.domain.port.in.AuthenticateCollectorUseCase;
import io.linkmesh.domain.port.in.CollectorAuthentication;
import io.linkmesh.domain.port.in.CollectorFilter;
import io.linkmesh.domain.port.in.ConnectCollectorCommand;
import io.linkmesh.domain.port.in.ConnectCollectorCommand.CredentialRequest;
import io.linkmesh.domain.port.in.ConnectCollectorUseCase;
import io.linkmesh.domain.port.in.ConnectOutcome;
import io.linkmesh.domain.port.in.DeregisterCollectorCommand;
import io.linkmesh.domain.port.in.DeregisterCollectorUseCase;
import io.linkmesh.domain.port.in.DisconnectCollectorCommand;
import io.linkmesh.domain.port.in.DisconnectCollectorUseCase;
import io.linkmesh.domain.port.in.FindDesiredConfigUseCase;
import io.linkmesh.domain.port.in.FleetQueries;
import io.linkmesh.domain.port.in.NoteOwnMetricsOfferedCommand;
import io.linkmesh.domain.port.in.NoteOwnMetricsOfferedUseCase;
import io.linkmesh.domain.port.in.Refusal;
import io.linkmesh.domain.port.in.ReportCollectorStatusCommand;
import io.linkmesh.domain.port.in.ReportCollectorStatusUseCase;
import io.linkmesh.domain.port.in.SetCollectorLabelsCommand;
import io.linkmesh.domain.port.in.SetCollectorLabelsUseCase;
import io.linkmesh.domain.port.in.StatusOutcome;
import io.linkmesh.domain.port.in.SweepSilentCollectorsUseCase;
import io.linkmesh.domain.port.out.AgentNotifier;
import io.linkmesh.domain.port.out.FleetStatusExchange;
import io.linkmesh.domain.port.out.SecretGenerator;
import io.linkmesh.domain.port.out.StoreException;
import io.linkmesh.domain.revision.Change;
import io.linkmesh.domain.revision.StateCodec;
import io.linkmesh.domain.revision.StatePaths;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;

/**
 * The fleet: who may connect, registration on first sight, live state, desired configs and the
 * notifications that deliver them.
 */
public final class FleetService
    implements AuthenticateCollectorUseCase,
        ConnectCollectorUseCase,
        ReportCollectorStatusUseCase,
        DisconnectCollectorUseCase,
        FindDesiredConfigUseCase,
        SweepSilentCollectorsUseCase,
        FleetQueries,
        SetCollectorLabelsUseCase,
        DeregisterCollectorUseCase,
        NoteOwnMetricsOfferedUseCase {

  /** A poller that misses this many intervals is marked disconnected. */
  public static final int MISSED_POLLS = 3;

  private final DesiredStateKeeper state;
  private final SecretGenerator secrets;
  private final Auditor auditor;
  private final Clock clock;
  private final String replica;
  private final Map<CollectorId, LiveCollector> live = new ConcurrentHashMap<>();
  private final List<AgentNotifier> notifiers = new CopyOnWriteArrayList<>();
  private final RegistrationBatcher registrations;
  private final Reenrollment reenrollment;
  private final FleetStatusExchange exchange;
  private final CollectorWriteBudget writeBudget;
  private final RenameCoalescer renames;
  private final Object publishing = new Object();
  private List<LiveSummary> lastPublished = List.of();
  private @Nullable Instant lastPublishedAt;

  public FleetService(
      DesiredStateKeeper state,
      SecretGenerator secrets,
      Auditor auditor,
      String replica,
      FleetStatusExchange exchange,
      CollectorWriteRate writeRate) {
    this.exchange = exchange;
    this.state = state;
    this.secrets = secrets;
    this.auditor = auditor;
    this.clock = state.clock();
    this.replica = replica;
    this.writeBudget = new CollectorWriteBudget(writeRate, clock);
    this.renames = new RenameCoalescer(writeBudget);
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
    state.addListener(this::onStateChanged);
  }

  /** Adds an adapter to tell about desired-config changes and deregistrations. */
  public void addNotifier(AgentNotifier notifier) {
    notifiers.add(requireNonNull(notifier, "notifier"));
  }

  // ---- collectors' side ------------------------------------------------------------------

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
    LiveCollector holder = live.computeIfAbsent(id, LiveCollector::new);
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
    DesiredConfig desired = computeDesired(record, holder);
    holder.desired = desired;
    return new ConnectOutcome.Connected(view(record, holder, null), desired, issued, registered);
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
    String name = renames.nameToWrite(record, reported);
    if (name == null) {
      return record;
    }
    CollectorRecord result = renamed(record, name);
    if (!name.equals(result.name())) {
      renames.defer(record.id(), name);
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
    if (!writeBudget.tryTake(record.id())) {
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
      holder.desired = computeDesired(record.get(), holder);
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
        .map(record -> computeDesired(record, new LiveCollector(collector)));
  }

  @Override
  public int sweepSilentCollectors() {
    Instant now = clock.instant();
    int marked = 0;
    for (LiveCollector holder : live.values()) {
      Duration interval = holder.pollInterval;
      Instant seen = holder.lastSeen;
      if (holder.connected
          && interval != null
          && seen != null
          && now.isAfter(seen.plus(interval.multipliedBy(MISSED_POLLS)))) {
        holder.connected = false;
        holder.since = now;
        holder.event(
            CollectorEventType.DISCONNECTED,
            now,
            "silent for " + MISSED_POLLS + " poll intervals of " + interval.toSeconds() + "s");
        marked++;
      }
    }
    return marked;
  }

  // ---- operators' side -------------------------------------------------------------------

  @Override
  public List<Collector> collectors(CollectorFilter filter) {
    List<Collector> out = new ArrayList<>();
    Map<CollectorId, PeerView> peers = peerViews();
    for (CollectorRecord record : new TreeMap<>(recordsById()).values()) {
      Collector collector = view(record, live.get(record.id()), peers.get(record.id()));
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
    return state.collector(id).map(record -> view(record, live.get(id), peerViews().get(id)));
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
              CollectorRecord tombstone = record.get().asDeregistered(clock.instant());
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

  // ---- reactions to state changes --------------------------------------------------------

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

  private @Nullable DesiredConfig computeDesired(CollectorRecord record, LiveCollector holder) {
    Map<String, String> selectable =
        new TreeMap<>(holder.attributes.isEmpty() ? record.attributes() : holder.attributes);
    selectable.putAll(record.labels());
    return state.configs().desiredFor(record.runtime(), selectable);
  }

  private Collector view(
      CollectorRecord stored, @Nullable LiveCollector holder, @Nullable PeerView peer) {
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
  private record PeerView(LiveSummary summary, boolean stale) {
    boolean liveConnected() {
      return summary.connected() && !stale;
    }
  }

  /** For each collector another replica published, its freshest summary. */
  private Map<CollectorId, PeerView> peerViews() {
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
        out.merge(summary.id(), candidate, FleetService::fresher);
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

  /**
   * Publishes the summaries of the collectors this replica holds live state for through the {@link
   * FleetStatusExchange}: only when one changed, or when the last publication is older than a
   * quarter of the staleness bound (so peers know this replica is alive). At most {@link
   * FleetStatusExchange#MAX_SUMMARIES} summaries, connected ones first. The app calls it on an
   * interval.
   *
   * @return whether it published
   */
  public boolean publishStatus() {
    synchronized (publishing) {
      Instant now = clock.instant();
      List<LiveCollector> holders = new ArrayList<>(live.values());
      holders.sort(
          Comparator.comparing((LiveCollector h) -> !h.connected).thenComparing(h -> h.id.value()));
      List<LiveSummary> summaries = new ArrayList<>();
      for (LiveCollector holder : holders) {
        if (summaries.size() == FleetStatusExchange.MAX_SUMMARIES) {
          break;
        }
        summaries.add(LiveSummary.of(holder.id, holder.snapshot(replica), Instant.EPOCH));
      }
      Instant last = lastPublishedAt;
      boolean due =
          last == null
              || !now.isBefore(last.plus(exchange.staleAfter().dividedBy(4)))
              || !summaries.equals(lastPublished);
      if (!due) {
        return false;
      }
      List<LiveSummary> stamped = new ArrayList<>(summaries.size());
      for (LiveSummary summary : summaries) {
        stamped.add(summary.reportedAt(now));
      }
      exchange.publish(stamped, now);
      lastPublished = List.copyOf(summaries);
      lastPublishedAt = now;
      return true;
    }
  }

  /** For tests and the app: how many collectors this replica holds live state for. */
  public int liveCount() {
    return live.size();
  }
}
