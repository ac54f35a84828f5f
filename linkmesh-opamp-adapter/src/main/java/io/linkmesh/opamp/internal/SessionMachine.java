package io.linkmesh.opamp.internal;

import static io.linkmesh.wire.opamp.OpampCapabilities.has;
import static io.linkmesh.wire.opamp.proto.AgentCapabilities.AgentCapabilities_AcceptsOpAMPConnectionSettings;
import static io.linkmesh.wire.opamp.proto.AgentCapabilities.AgentCapabilities_AcceptsRemoteConfig;
import static io.linkmesh.wire.opamp.proto.AgentCapabilities.AgentCapabilities_ReportsEffectiveConfig;
import static io.linkmesh.wire.opamp.proto.AgentCapabilities.AgentCapabilities_ReportsHealth;
import static io.linkmesh.wire.opamp.proto.AgentCapabilities.AgentCapabilities_ReportsHeartbeat;
import static io.linkmesh.wire.opamp.proto.AgentCapabilities.AgentCapabilities_ReportsOwnMetrics;
import static io.linkmesh.wire.opamp.proto.AgentCapabilities.AgentCapabilities_ReportsRemoteConfig;
import static io.linkmesh.wire.opamp.proto.ServerCapabilities.ServerCapabilities_AcceptsEffectiveConfig;
import static io.linkmesh.wire.opamp.proto.ServerCapabilities.ServerCapabilities_AcceptsStatus;
import static io.linkmesh.wire.opamp.proto.ServerCapabilities.ServerCapabilities_OffersConnectionSettings;
import static io.linkmesh.wire.opamp.proto.ServerCapabilities.ServerCapabilities_OffersRemoteConfig;
import static java.util.Objects.requireNonNull;

import com.google.protobuf.ByteString;
import io.linkmesh.domain.config.DesiredConfig;
import io.linkmesh.domain.fleet.CollectorRuntime;
import io.linkmesh.domain.fleet.Transport;
import io.linkmesh.domain.port.out.ServerMetrics;
import io.linkmesh.wire.opamp.InstanceUids;
import io.linkmesh.wire.opamp.OpampCapabilities;
import io.linkmesh.wire.opamp.proto.AgentDescription;
import io.linkmesh.wire.opamp.proto.AgentIdentification;
import io.linkmesh.wire.opamp.proto.AgentToServer;
import io.linkmesh.wire.opamp.proto.ConnectionSettingsOffers;
import io.linkmesh.wire.opamp.proto.Header;
import io.linkmesh.wire.opamp.proto.Headers;
import io.linkmesh.wire.opamp.proto.OpAMPConnectionSettings;
import io.linkmesh.wire.opamp.proto.ServerErrorResponse;
import io.linkmesh.wire.opamp.proto.ServerErrorResponseType;
import io.linkmesh.wire.opamp.proto.ServerToAgent;
import io.linkmesh.wire.opamp.proto.TelemetryConnectionSettings;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OpAMP per-agent state machine (PROTOCOLS.md A.6-A.7), independent of the transport. Agents
 * are indexed in concurrent maps; each agent's state is guarded by its own monitor, so agents never
 * contend with each other. Work per message is proportional to what the message carries.
 */
public final class SessionMachine {

  private static final Logger LOG = LoggerFactory.getLogger(SessionMachine.class);

  // ServerCapabilities we implement.
  static final long SERVER_CAPABILITIES =
      OpampCapabilities.of(
          ServerCapabilities_AcceptsStatus,
          ServerCapabilities_OffersRemoteConfig,
          ServerCapabilities_AcceptsEffectiveConfig,
          ServerCapabilities_OffersConnectionSettings);

  static final long FLAG_REQUEST_INSTANCE_UID = 0x1;
  static final long FLAG_REPORT_FULL_STATE = 0x1;

  private static final int MAX_INTERNED_CONFIGS = 1024;

  /** The uids the server hands out must not be guessable: one agent cannot predict another's. */
  private static final SecureRandom UID_RANDOM = new SecureRandom();

  private static final long DEFAULT_POLL_MILLIS = 30_000;

  private final Fleet fleet;
  private final Clock clock;
  private final Duration heartbeat;
  private final Duration httpPollInterval;
  private final long pingAfterNanos;
  private final boolean offerOwnMetrics;
  private final ScheduledExecutorService pushExecutor;
  private final Executor pushes;
  private final Map<ByteString, AgentState> byUid = new ConcurrentHashMap<>();
  private final Map<String, AgentState> byCollector = new ConcurrentHashMap<>();
  private final Map<String, Desired> interned = new ConcurrentHashMap<>();
  private final ServerMetrics metrics;

  public SessionMachine(
      Fleet fleet,
      Clock clock,
      Duration heartbeat,
      Duration httpPollInterval,
      Duration idleTimeout,
      boolean offerOwnMetrics,
      ScheduledExecutorService pushExecutor,
      Executor pushes,
      ServerMetrics metrics) {
    this.metrics = requireNonNull(metrics, "metrics");
    this.fleet = requireNonNull(fleet, "fleet");
    this.clock = requireNonNull(clock, "clock");
    this.heartbeat = requireNonNull(heartbeat, "heartbeat");
    this.httpPollInterval = requireNonNull(httpPollInterval, "httpPollInterval");
    this.pingAfterNanos = Math.max(1, idleTimeout.toNanos() / 2);
    this.offerOwnMetrics = offerOwnMetrics;
    this.pushExecutor = requireNonNull(pushExecutor, "pushExecutor");
    this.pushes = requireNonNull(pushes, "pushes");
  }

  public Fleet fleet() {
    return fleet;
  }

  /** What to answer one message with. */
  public sealed interface Outcome {
    /** Send this reply; close the link afterwards when {@code close} is set. */
    record Reply(ServerToAgent message, boolean close) implements Outcome {}

    /** Refuse: HTTP status for plain HTTP; error response and close for WebSocket. */
    record Refused(int status, String reason) implements Outcome {}
  }

  /** Runs {@code task} on the shared scheduler after {@code delay}. */
  void later(Duration delay, Runnable task) {
    try {
      pushExecutor.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      task.run(); // shutting down: do it now
    }
  }

  /** Number of agents currently known. */
  public int agentCount() {
    return byUid.size();
  }

  /** A reply for an input that could not be decoded (WebSocket only). */
  public static ServerToAgent badRequest(String why) {
    return ServerToAgent.newBuilder()
        .setErrorResponse(
            ServerErrorResponse.newBuilder()
                .setType(ServerErrorResponseType.ServerErrorResponseType_BadRequest)
                .setErrorMessage(why))
        .build();
  }

  /** Handles one AgentToServer from {@code link}. */
  public Outcome onMessage(AgentLink link, AgentToServer m) {
    metrics.messageReceived(CollectorRuntime.OTELCOL);
    Outcome outcome = answer(link, m);
    if (outcome instanceof Outcome.Reply) {
      metrics.messageSent(CollectorRuntime.OTELCOL);
    }
    return outcome;
  }

  private Outcome answer(AgentLink link, AgentToServer m) {
    ByteString uid = m.getInstanceUid();
    if (uid.size() != 16) {
      return new Outcome.Reply(
          badRequest("instance_uid must be 16 bytes, got " + uid.size()), false);
    }
    ServerToAgent.Builder reply = ServerToAgent.newBuilder().setInstanceUid(uid);
    if (!link.capabilitiesSent || link.transport == Transport.HTTP) {
      reply.setCapabilities(SERVER_CAPABILITIES);
      link.capabilitiesSent = true;
    }
    if ((m.getFlags() & FLAG_REQUEST_INSTANCE_UID) != 0) {
      // The agent asks for a uid: answer with one and remember nothing until it uses it.
      return new Outcome.Reply(reply.setAgentIdentification(newUid()).build(), false);
    }
    AgentState st = byUid.get(uid);
    if (link.bound != null && !link.bound.uid.equals(uid)) {
      // The agent switched uid on this socket: its old identity has left.
      forget(link.bound, Fleet.Gone.CLOSED);
      link.bound = null;
    }
    if (link.transport == Transport.WEBSOCKET
        && st != null
        && !st.gone
        && st.link != null
        && st.link != link
        && st.link.canPush()) {
      if (st.who.equals(link.who) && fleet.isCollectorCredential(link.who)) {
        // One collector's own credential and its uid on a new socket: the agent reconnected while
        // its old socket is dying. The new socket replaces the old one rather than counting twice.
        AgentLink old = st.link;
        // Detached before it closes: its close must not report the collector gone after the new
        // socket has connected it (the domain would show a live collector as disconnected).
        old.bound = null;
        later(Duration.ZERO, () -> old.close(1000, "replaced by a newer connection of this agent"));
      } else {
        // Another live socket already speaks for this uid: a clone. Give this one its own uid.
        LOG.info(
            "duplicate instance uid {} on a second WebSocket; assigning a new uid", st.collectorId);
        return new Outcome.Reply(reply.setAgentIdentification(newUid()).build(), false);
      }
    }
    boolean fresh =
        st == null
            || st.gone
            || !st.who.equals(link.who)
            || (link.transport == Transport.WEBSOCKET && st.link != link);
    if (!fresh && !fleet.stillAdmits(link.who, st.collectorId, link.transport)) {
      return new Outcome.Refused(
          401,
          "this enrollment token no longer authenticates collector "
              + st.collectorId
              + ": it was revoked, or the collector holds a credential of its own");
    }
    if (fresh) {
      Map<String, String> attrs =
          m.hasAgentDescription() ? attributes(m.getAgentDescription()) : Map.of();
      Fleet.Connect result =
          fleet.connect(
              link.who,
              InstanceUids.text(uid),
              link.transport,
              m.getCapabilities(),
              attrs,
              link.address);
      if (result instanceof Fleet.Connect.Refused r) {
        return new Outcome.Refused(r.status(), r.reason());
      }
      Fleet.Connect.Connected c = (Fleet.Connect.Connected) result;
      AgentState previous = st;
      st =
          new AgentState(
              uid,
              c.collectorId(),
              link.who,
              link.transport,
              link.transport == Transport.WEBSOCKET ? link : null,
              c.desired() == null ? null : intern(c.desired()),
              // Seen now: a sweep between indexing it and recording this message must not take
              // it for an agent silent since the epoch (issue #14, the just-enrolled 401).
              clock.millis());
      if (c.newCredential() != null) {
        st.offerCredential = c.newCredential();
      }
      if (previous != null) {
        synchronized (previous) {
          previous.gone = true;
          // A supervisor that adopted its own credential restarted its client, and a new opamp-go
          // client polls at its default 30 s until it is offered an interval again: offer anew.
          if (previous.who.equals(link.who)) {
            st.offeredSettingsHash = previous.offeredSettingsHash;
          }
          if (st.offerCredential == null) {
            st.offerCredential = previous.offerCredential;
          }
          if (previous.transport == Transport.HTTP && link.transport == Transport.HTTP) {
            // The same polling agent, now with its own credential (or another secret): its
            // session goes on, so the config it was just sent is not sent again.
            st.lastSeq = previous.lastSeq;
            st.sentHash = previous.sentHash;
            st.reportedHash = previous.reportedHash;
          }
        }
      }
      byUid.put(uid, st);
      byCollector.put(st.collectorId, st);
      link.bound = st;
    }
    Fleet.Reported reported = fleet.report(st.collectorId, report(link.transport, m));
    if (!reported.known()) {
      forget(st, null);
      link.bound = null;
      return new Outcome.Refused(401, "collector is no longer registered");
    }
    Desired desired = reported.desired() == null ? null : intern(reported.desired());
    if (m.hasAgentDisconnect()) {
      forget(st, Fleet.Gone.AGENT_DISCONNECT);
      link.bound = null;
      return new Outcome.Reply(reply.build(), false);
    }
    boolean offeredOwnMetrics = false;
    synchronized (st) {
      if (st.gone) {
        return new Outcome.Refused(401, "collector is no longer registered");
      }
      st.lastSeenMillis = clock.millis();
      st.lastActiveNanos = System.nanoTime();
      st.desired = desired;
      boolean unknown = st.lastSeq < 0;
      boolean gap = !unknown && m.getSequenceNum() != st.lastSeq + 1;
      st.lastSeq = m.getSequenceNum();
      boolean capabilitiesChanged =
          !st.reportedCapabilities || st.capabilities != m.getCapabilities();
      st.capabilities = m.getCapabilities();
      st.reportedCapabilities = true;
      if (m.hasRemoteConfigStatus()) {
        st.reportedHash = m.getRemoteConfigStatus().getLastRemoteConfigHash();
      }
      if (unknown || gap) {
        st.sentHash = null;
        if (missesState(m)) {
          reply.setFlags(FLAG_REPORT_FULL_STATE);
        }
      }
      if (addRemoteConfig(st, reply)) {
        metrics.configPushed(CollectorRuntime.OTELCOL);
      }
      if (fresh || capabilitiesChanged) {
        offeredOwnMetrics = addOffers(st, link, reply);
      }
    }
    if (offeredOwnMetrics) {
      fleet.ownMetricsOffered(st.collectorId, link.metricsEndpoint);
    }
    return new Outcome.Reply(reply.build(), false);
  }

  private static boolean missesState(AgentToServer m) {
    long caps = m.getCapabilities();
    return !m.hasAgentDescription()
        || (has(caps, AgentCapabilities_ReportsEffectiveConfig) && !m.hasEffectiveConfig())
        || (has(caps, AgentCapabilities_ReportsHealth) && !m.hasHealth())
        || (has(caps, AgentCapabilities_ReportsRemoteConfig) && !m.hasRemoteConfigStatus());
  }

  /** Adds remote_config when the agent takes it and does not have (or was not sent) it. */
  private static boolean addRemoteConfig(AgentState st, ServerToAgent.Builder reply) {
    Desired d = st.desired;
    if (d == null || !has(st.capabilities, AgentCapabilities_AcceptsRemoteConfig)) {
      return false;
    }
    if (d.hash.equals(st.reportedHash) || d.hash.equals(st.sentHash)) {
      return false;
    }
    reply.setRemoteConfig(d.message);
    st.sentHash = d.hash;
    return true;
  }

  /**
   * Adds ConnectionSettingsOffers when they differ from what was last offered: own_metrics for
   * agents that report own metrics, complete opamp settings (endpoint, Authorization, heartbeat)
   * for agents that take them or report heartbeats. A polling agent is offered the HTTP poll
   * interval as its heartbeat, because opamp-go polls at the offered heartbeat. Nothing an operator
   * does to labels, selectors or configs enters the offer, so routine work never changes its hash
   * (a changed hash makes supervisors restart their client).
   */
  private boolean addOffers(AgentState st, AgentLink link, ServerToAgent.Builder reply) {
    String credential = st.offerCredential != null ? st.offerCredential : link.bearer;
    if (credential == null) {
      return false;
    }
    long caps = st.capabilities;
    Headers auth =
        Headers.newBuilder()
            .addHeaders(
                Header.newBuilder().setKey("Authorization").setValue("Bearer " + credential))
            .build();
    ConnectionSettingsOffers.Builder offers = ConnectionSettingsOffers.newBuilder();
    boolean any = false;
    if (has(caps, AgentCapabilities_AcceptsOpAMPConnectionSettings)
        || has(caps, AgentCapabilities_ReportsHeartbeat)) {
      OpAMPConnectionSettings.Builder opamp =
          OpAMPConnectionSettings.newBuilder()
              .setDestinationEndpoint(link.opampEndpoint)
              .setHeaders(auth);
      if (has(caps, AgentCapabilities_ReportsHeartbeat)) {
        Duration offered = st.transport == Transport.HTTP ? httpPollInterval : heartbeat;
        opamp.setHeartbeatIntervalSeconds(Math.max(1, offered.toSeconds()));
      }
      offers.setOpamp(opamp);
      any = true;
    }
    if (offerOwnMetrics && has(caps, AgentCapabilities_ReportsOwnMetrics)) {
      offers.setOwnMetrics(
          TelemetryConnectionSettings.newBuilder()
              .setDestinationEndpoint(link.metricsEndpoint)
              .setHeaders(auth));
      any = true;
    }
    if (!any) {
      return false;
    }
    MessageDigest sha = Codec.sha256();
    ByteString hash = ByteString.copyFrom(sha.digest(offers.build().toByteArray()));
    if (hash.equals(st.offeredSettingsHash)) {
      return false;
    }
    reply.setConnectionSettings(offers.setHash(hash));
    st.offeredSettingsHash = hash;
    return offers.hasOwnMetrics();
  }

  private static Fleet.Report report(Transport transport, AgentToServer m) {
    return new Fleet.Report(
        transport,
        m.getCapabilities(),
        m.hasAgentDescription() ? attributes(m.getAgentDescription()) : null,
        m.hasHealth() ? Codec.health(m.getHealth()) : null,
        m.hasEffectiveConfig()
            ? Codec.effectiveConfig(m.getEffectiveConfig().getConfigMap())
            : null,
        m.hasRemoteConfigStatus() ? Codec.remoteStatus(m.getRemoteConfigStatus()) : null);
  }

  private static Map<String, String> attributes(AgentDescription d) {
    return Codec.attributes(d.getIdentifyingAttributesList(), d.getNonIdentifyingAttributesList());
  }

  private AgentIdentification newUid() {
    return AgentIdentification.newBuilder()
        .setNewInstanceUid(InstanceUids.newV7(clock.millis(), UID_RANDOM))
        .build();
  }

  private Desired intern(DesiredConfig d) {
    String key = d.hash().hex();
    Desired existing = interned.get(key);
    if (existing != null) {
      return existing;
    }
    if (interned.size() >= MAX_INTERNED_CONFIGS) {
      interned.clear();
    }
    return interned.computeIfAbsent(key, h -> Desired.of(d));
  }

  /** A WebSocket closed (or failed): the agent behind it is disconnected. */
  public void onLinkClosed(AgentLink link) {
    AgentState st = link.bound;
    link.bound = null;
    if (st != null && st.link == link) {
      forget(st, Fleet.Gone.CLOSED);
    }
  }

  /** Drops the agent's state; tells the fleet why unless {@code why} is null. */
  private void forget(AgentState st, Fleet.@Nullable Gone why) {
    boolean wasLive;
    synchronized (st) {
      wasLive = !st.gone;
      st.gone = true;
    }
    byUid.remove(st.uid, st);
    byCollector.remove(st.collectorId, st);
    if (wasLive && why != null) {
      fleet.disconnect(st.collectorId, why);
    }
  }

  /**
   * The desired config of these collectors changed: re-read it and push it at once to WebSocket
   * agents; HTTP agents get it in their next poll. Never blocks the caller.
   */
  public void desiredChanged(String collectorId, @Nullable DesiredConfig desired) {
    AgentState st = byCollector.get(collectorId);
    if (st == null) {
      return; // not connected here: it gets the config when it connects
    }
    pushes.execute(
        () -> {
          try {
            refresh(st, desired == null ? null : intern(desired));
          } catch (RuntimeException e) {
            LOG.warn("pushing the desired config to collector {} failed", collectorId, e);
          }
        });
  }

  private void refresh(AgentState st, @Nullable Desired d) {
    byte[] framed = null;
    AgentLink link;
    synchronized (st) {
      if (st.gone) {
        return;
      }
      st.desired = d;
      link = st.link;
      if (link != null
          && link.canPush()
          && d != null
          && has(st.capabilities, AgentCapabilities_AcceptsRemoteConfig)
          && !d.hash.equals(st.reportedHash)
          && !d.hash.equals(st.sentHash)) {
        st.sentHash = d.hash;
        framed = d.pushFrame(st.uid);
      }
    }
    if (framed != null) {
      link.push(framed);
      metrics.configPushed(CollectorRuntime.OTELCOL);
      metrics.messageSent(CollectorRuntime.OTELCOL);
    }
  }

  /** The collector was deregistered: close its socket; its next request will be refused. */
  public void deregistered(String collectorId) {
    AgentState st = byCollector.get(collectorId);
    if (st == null) {
      return;
    }
    forget(st, null);
    AgentLink link = st.link;
    if (link != null) {
      pushExecutor.execute(() -> link.close(1008, "collector deregistered"));
    }
  }

  /**
   * Marks HTTP agents silent for three poll intervals as disconnected: the offered poll interval
   * for agents that take it, else the clients' default 30 s poll (if longer).
   */
  public int sweep() {
    long now = clock.millis();
    long nowNanos = System.nanoTime();
    long offered = 3 * httpPollInterval.toMillis();
    long standard = 3 * Math.max(httpPollInterval.toMillis(), DEFAULT_POLL_MILLIS);
    int n = 0;
    for (AgentState st : byUid.values()) {
      if (st.transport == Transport.WEBSOCKET) {
        keepAlive(st, nowNanos);
        continue;
      }
      long silentFor =
          has(st.capabilities, AgentCapabilities_ReportsHeartbeat) ? offered : standard;
      if (st.transport == Transport.HTTP && st.lastSeenMillis < now - silentFor) {
        forget(st, Fleet.Gone.SILENT);
        n++;
      }
    }
    return n;
  }

  /**
   * Pings a WebSocket agent that has been silent for half the idle timeout, so a live peer without
   * heartbeats (its pong counts as traffic) is not cut, while a dead one still times out.
   */
  private void keepAlive(AgentState st, long nowNanos) {
    AgentLink link = st.link;
    if (link == null) {
      return;
    }
    long active = st.lastActiveNanos;
    long pinged = st.lastPingNanos;
    boolean awaitingPong = pinged != 0 && pinged - active > 0;
    if (awaitingPong) {
      if (nowNanos - pinged >= pingAfterNanos) {
        // Pinged half an idle timeout ago and nothing came back: the peer is gone. (Our own pings
        // count as traffic for Jetty's idle timer, so it would not notice.)
        link.close(1001, "idle: no pong");
      }
    } else if (nowNanos - active >= pingAfterNanos) {
      st.lastPingNanos = nowNanos;
      link.ping();
    }
  }

  /** The current state of an agent, for tests and diagnostics. */
  @Nullable AgentState state(ByteString uid) {
    return byUid.get(uid);
  }

  /** Forgets every agent without telling the fleet (server shutdown). */
  public void clear() {
    byUid.clear();
    byCollector.clear();
  }
}
