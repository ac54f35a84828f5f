package io.linkmesh.sim.internal;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.linkmesh.sim.OpampTransport;
import io.linkmesh.wire.opamp.OpampCapabilities;
import io.linkmesh.wire.opamp.OpampFrames;
import io.linkmesh.wire.opamp.proto.AgentCapabilities;
import io.linkmesh.wire.opamp.proto.AgentDisconnect;
import io.linkmesh.wire.opamp.proto.AgentRemoteConfig;
import io.linkmesh.wire.opamp.proto.AgentToServer;
import io.linkmesh.wire.opamp.proto.ComponentHealth;
import io.linkmesh.wire.opamp.proto.ConnectionSettingsOffers;
import io.linkmesh.wire.opamp.proto.EffectiveConfig;
import io.linkmesh.wire.opamp.proto.Header;
import io.linkmesh.wire.opamp.proto.Headers;
import io.linkmesh.wire.opamp.proto.RemoteConfigStatus;
import io.linkmesh.wire.opamp.proto.RemoteConfigStatuses;
import io.linkmesh.wire.opamp.proto.ServerErrorResponseType;
import io.linkmesh.wire.opamp.proto.ServerToAgent;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.BufferingResponseListener;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.exceptions.UpgradeException;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.jspecify.annotations.Nullable;

/**
 * One simulated otelcol-contrib behind the OpAMP supervisor (PROTOCOLS.md B): its identity, its
 * state (sequence number, remote config, effective config, credential), and its connection over
 * WebSocket or plain HTTP. Never throws from a callback; every failure is counted by kind.
 */
final class OpampAgent {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(OpampAgent.class);
  static final long CAPABILITIES =
      OpampCapabilities.of(
          AgentCapabilities.AgentCapabilities_ReportsStatus,
          AgentCapabilities.AgentCapabilities_AcceptsRemoteConfig,
          AgentCapabilities.AgentCapabilities_ReportsEffectiveConfig,
          AgentCapabilities.AgentCapabilities_ReportsOwnMetrics,
          AgentCapabilities.AgentCapabilities_AcceptsOpAMPConnectionSettings,
          AgentCapabilities.AgentCapabilities_ReportsHealth,
          AgentCapabilities.AgentCapabilities_ReportsRemoteConfig,
          AgentCapabilities.AgentCapabilities_ReportsHeartbeat);

  private static final long FLAG_REPORT_FULL_STATE = 0x1;
  private static final int MAX_RESPONSE = 64 * 1024 * 1024;
  private static final long DEFAULT_HEARTBEAT_SECONDS = 30;

  private final SimContext ctx;
  final int index;
  private final boolean websocket;
  private final long startEpochNanos;

  // Guarded by this.
  private ByteString uid;
  private String authorization;
  private long sequence;
  private long heartbeatSeconds = DEFAULT_HEARTBEAT_SECONDS;
  private @Nullable ByteString settingsHash;
  private @Nullable ByteString configHash;
  private RemoteConfigStatuses configStatus = RemoteConfigStatuses.RemoteConfigStatuses_UNSET;
  private String configError = "";
  private EffectiveConfig effective = Identities.INITIAL_EFFECTIVE;
  private @Nullable ByteString countedHash;
  private boolean dirtyDescription;
  private boolean dirtyEffective;
  private boolean dirtyStatus;
  private boolean fullStateNext = true;
  private @Nullable AgentSocket current;
  private boolean connected;
  private boolean everConnected;
  private @Nullable ScheduledFuture<?> timer;
  private @Nullable ScheduledFuture<?> metricsTimer;
  private @Nullable URI metricsEndpoint;
  private String metricsAuthorization = "";
  // Plain HTTP only: one request in flight at most.
  private boolean inFlight;
  private boolean wantSend;
  private boolean started;
  // Plain HTTP: the polling interval, which an offered heartbeat replaces (as opamp-go does).
  private long pollNanos;
  // Plain HTTP: a message refused with 429/503 (or lost to a connection error) is sent again,
  // unchanged, on opamp-go's retry schedule; nothing else is sent meanwhile.
  private @Nullable AgentToServer retrying;
  private boolean retryPending;
  private final RetrySchedule retries = new RetrySchedule();

  OpampAgent(SimContext ctx, int index) {
    this.ctx = ctx;
    this.index = index;
    this.websocket = ctx.plan.transport() == OpampTransport.WS;
    this.uid = Identities.uuidV7();
    this.authorization = "Bearer " + ctx.plan.token();
    this.startEpochNanos = TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis());
    this.pollNanos = ctx.plan.opampHttpPollInterval().toNanos();
  }

  /** The current HTTP polling interval. */
  synchronized long pollNanos() {
    return pollNanos;
  }

  void error(String kind) {
    ctx.counters.error(kind);
  }

  synchronized String instanceId() {
    return Identities.uuidString(uid);
  }

  // ---------------------------------------------------------------- connecting

  /** Starts (or restarts) the connection through the ramp. */
  void connect() {
    if (ctx.closing) {
      return;
    }
    if (websocket) {
      ctx.ramp.submit(this::openWebSocket);
    } else {
      ctx.ramp.submit(
          done -> {
            started();
            poll(done);
          });
    }
  }

  private void started() {
    synchronized (this) {
      if (started) {
        return;
      }
      started = true;
    }
    ctx.counters.otelcolStarted.incrementAndGet();
  }

  private void openWebSocket(Runnable done) {
    started();
    if (ctx.closing) {
      done.run();
      return;
    }
    AgentSocket conn = new AgentSocket(this, done);
    ClientUpgradeRequest request = new ClientUpgradeRequest(ctx.opampUri);
    // Bounded as a whole: an upgrade the server never answers would otherwise hold its ramp slot
    // until the 5-minute idle timeout, and every agent queued behind it would wait as long.
    request.setTimeout(ctx.plan.upgradeTimeout().toMillis(), TimeUnit.MILLISECONDS);
    synchronized (this) {
      request.setHeader("Authorization", authorization);
    }
    try {
      ctx.ws
          .connect(conn, request)
          .whenComplete(
              (session, failure) -> {
                if (failure != null) {
                  conn.releaseRamp();
                  connectFailed(conn, failure);
                }
              });
    } catch (IOException | RuntimeException e) {
      conn.releaseRamp();
      connectFailed(conn, e);
    }
  }

  private void connectFailed(AgentSocket conn, Throwable failure) {
    if (ctx.closing || !conn.ended.compareAndSet(false, true)) {
      return;
    }
    int status = upgradeStatus(failure);
    LOG.debug("Agent {} could not connect", index, failure);
    ctx.counters.error(status > 0 ? "ws-" + status : "ws-connect");
    reconnectLater(0);
  }

  private static int upgradeStatus(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof UpgradeException u && u.getResponseStatusCode() > 0) {
        return u.getResponseStatusCode();
      }
      if (c instanceof org.eclipse.jetty.websocket.core.exception.UpgradeException u
          && u.getResponseStatusCode() > 0) {
        return u.getResponseStatusCode();
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return 0;
  }

  /** After a failed attempt: the next wait of the retry schedule, or Retry-After if longer. */
  private void reconnectLater(long retryAfterNanos) {
    long delay;
    synchronized (this) {
      delay = retries.next(retryAfterNanos);
    }
    ctx.schedule(this::connect, delay);
  }

  void opened(AgentSocket conn) {
    if (ctx.closing) {
      conn.close(1000, "simulation closing");
      return;
    }
    synchronized (this) {
      current = conn;
      fullStateNext = true;
    }
    send();
  }

  void closed(AgentSocket conn, int code) {
    conn.releaseRamp();
    if (!conn.ended.compareAndSet(false, true)) {
      conn.runAfterClose();
      return;
    }
    synchronized (this) {
      if (current != conn) {
        return;
      }
      current = null;
      cancelTimer();
    }
    setConnected(false);
    if (ctx.closing) {
      return;
    }
    ctx.counters.reconnects.increment();
    if (code != 1000 && code != 1001 && code != 1006) {
      ctx.counters.error("ws-close-" + code);
    }
    // opamp-go starts a new connect cycle at once; only failed attempts wait.
    synchronized (this) {
      retries.reset();
    }
    connect();
  }

  private void setConnected(boolean now) {
    boolean changed;
    synchronized (this) {
      changed = connected != now;
      connected = now;
      if (now) {
        everConnected = true;
      }
    }
    if (changed) {
      if (now) {
        ctx.counters.otelcolConnected.incrementAndGet();
      } else {
        ctx.counters.otelcolConnected.decrementAndGet();
      }
      ctx.counters.changed();
    }
  }

  // ---------------------------------------------------------------- sending

  /** Builds the next AgentToServer: uid, sequence, capabilities and what changed (or all). */
  private AgentToServer next() {
    boolean full = fullStateNext;
    AgentToServer.Builder m =
        AgentToServer.newBuilder()
            .setInstanceUid(uid)
            .setSequenceNum(sequence++)
            .setCapabilities(CAPABILITIES);
    if (full || dirtyDescription) {
      m.setAgentDescription(Identities.description(uid, ctx.plan.namePrefix(), index));
    }
    if (full) {
      m.setHealth(health());
    }
    if (full || dirtyEffective) {
      m.setEffectiveConfig(effective);
    }
    if (full || dirtyStatus) {
      RemoteConfigStatus.Builder s = RemoteConfigStatus.newBuilder().setStatus(configStatus);
      if (configHash != null) {
        s.setLastRemoteConfigHash(configHash);
      }
      if (!configError.isEmpty()) {
        s.setErrorMessage(configError);
      }
      m.setRemoteConfigStatus(s);
    }
    fullStateNext = false;
    dirtyDescription = false;
    dirtyEffective = false;
    dirtyStatus = false;
    return m.build();
  }

  private ComponentHealth health() {
    return ComponentHealth.newBuilder()
        .setHealthy(true)
        .setStartTimeUnixNano(startEpochNanos)
        .setStatus("StatusOK")
        .setStatusTimeUnixNano(startEpochNanos)
        .build();
  }

  /** Sends what changed now (WebSocket) or with the next request (HTTP, at once if idle). */
  void send() {
    if (websocket) {
      sendWs(null);
    } else {
      poll(null);
    }
  }

  private void sendWs(@Nullable AgentDisconnect disconnect) {
    AgentSocket conn;
    AgentToServer m;
    synchronized (this) {
      conn = current;
      if (conn == null || conn.session == null) {
        return; // the next connection starts with the full state
      }
      m = next();
      if (disconnect != null) {
        m = m.toBuilder().setAgentDisconnect(disconnect).build();
      }
      // Sent under the lock, so frames leave in sequence-number order.
      Session session = conn.session;
      AgentToServer sent = m;
      session.sendBinary(
          ByteBuffer.wrap(OpampFrames.frame(m)),
          Callback.from(() -> written(sent), t -> writeFailed()));
    }
  }

  private void writeFailed() {
    synchronized (this) {
      fullStateNext = true;
    }
    if (!ctx.closing) {
      ctx.counters.error("ws-write");
    }
  }

  /** A message reached the wire: count it, and count a final config status once per hash. */
  private void written(AgentToServer m) {
    ctx.counters.opampSent.increment();
    if (!m.hasRemoteConfigStatus()) {
      return;
    }
    RemoteConfigStatus s = m.getRemoteConfigStatus();
    boolean applied = s.getStatus() == RemoteConfigStatuses.RemoteConfigStatuses_APPLIED;
    boolean failed = s.getStatus() == RemoteConfigStatuses.RemoteConfigStatuses_FAILED;
    if (!applied && !failed) {
      return;
    }
    ByteString hash = s.getLastRemoteConfigHash();
    synchronized (this) {
      if (hash.equals(countedHash)) {
        return;
      }
      countedHash = hash;
    }
    ctx.progress.reported(Identities.hex(hash), applied);
  }

  // ---------------------------------------------------------------- plain HTTP

  /** One poll: POST the next AgentToServer unless a request is in flight (then right after it). */
  private void poll(@Nullable Runnable done) {
    AgentToServer m;
    String auth;
    synchronized (this) {
      if (ctx.closing) {
        if (done != null) {
          done.run();
        }
        return;
      }
      if (inFlight || retryPending) {
        wantSend = true;
        if (done != null) {
          done.run();
        }
        return;
      }
      inFlight = true;
      cancelTimer();
      m = retrying != null ? retrying : next();
      auth = authorization;
    }
    String uidHeader = Identities.uuidString(m.getInstanceUid());
    try {
      ctx.http
          .newRequest(ctx.opampUri)
          .method(HttpMethod.POST)
          .headers(
              h -> {
                h.put(HttpHeader.AUTHORIZATION, auth);
                h.put("OpAMP-Instance-UID", uidHeader);
              })
          .body(new BytesRequestContent("application/x-protobuf", m.toByteArray()))
          .timeout(SimContext.REQUEST_TIMEOUT_SECONDS, TimeUnit.SECONDS)
          .send(
              new BufferingResponseListener(MAX_RESPONSE) {
                @Override
                public void onComplete(Result result) {
                  if (done != null) {
                    done.run();
                  }
                  polled(m, auth, result, getContent());
                }
              });
    } catch (RuntimeException e) {
      if (done != null) {
        done.run();
      }
      retryLater(m, "http-connect", 0);
    }
  }

  private void polled(AgentToServer sent, String sentWith, Result result, byte[] body) {
    if (result.isFailed()) {
      retryLater(sent, "http-connect", 0);
      return;
    }
    int status = result.getResponse().getStatus();
    if (status != 200) {
      LOG.debug(
          "Agent {}: HTTP {} with {} (seq {}): {}",
          index,
          status,
          sentWith.startsWith("Bearer " + ctx.plan.token()) ? "the token" : "a credential",
          sent.getSequenceNum(),
          new String(body, java.nio.charset.StandardCharsets.UTF_8));
      if (status == 429 || status == 503) {
        String header = result.getResponse().getHeaders().get(HttpHeader.RETRY_AFTER);
        long retryAfter =
            header != null && header.matches("\\d{1,6}")
                ? TimeUnit.SECONDS.toNanos(Long.parseLong(header))
                : 0;
        retryLater(sent, "http-" + status, retryAfter);
      } else {
        // opamp-go gives this message up and polls again after its interval; what it carried is
        // lost (the server sees a sequence gap and asks for the full state).
        abandoned("http-" + status);
      }
      return;
    }
    ServerToAgent reply;
    try {
      reply = ServerToAgent.parseFrom(body);
    } catch (InvalidProtocolBufferException e) {
      abandoned("http-decode");
      return;
    }
    written(sent);
    boolean again;
    synchronized (this) {
      inFlight = false;
      retrying = null;
      if (!isUnavailable(reply)) {
        retries.reset();
      }
      again = wantSend;
      wantSend = false;
    }
    if (unavailable(reply)) {
      return;
    }
    boolean wasEver;
    synchronized (this) {
      wasEver = everConnected;
    }
    boolean ok = onServerMessage(null, reply);
    if (ok) {
      boolean reconnected;
      synchronized (this) {
        reconnected = !connected && wasEver;
      }
      if (reconnected) {
        ctx.counters.reconnects.increment();
      }
      setConnected(true);
    }
    synchronized (this) {
      if (inFlight) {
        // Answering the reply already started the next request; what was asked for meanwhile
        // (wantSend, e.g. APPLIED after APPLYING) stays asked for until that request completes.
        // Clearing it here lost the APPLIED report until the next poll.
        wantSend |= again;
        return;
      }
      again |= wantSend;
      wantSend = false;
    }
    if (again) {
      poll(null);
    } else {
      scheduleNextPoll(pollNanos());
    }
  }

  /**
   * A 429/503 or a connection error: send the same message again after the next wait of the retry
   * schedule, or after the server's Retry-After when that is longer.
   */
  private void retryLater(AgentToServer sent, String kind, long retryAfterNanos) {
    if (ctx.closing) {
      return;
    }
    ctx.counters.error(kind);
    long delay;
    synchronized (this) {
      inFlight = false;
      retrying = sent;
      retryPending = true;
      delay = retries.next(retryAfterNanos);
      cancelTimer();
    }
    retryIn(delay);
  }

  /** Disconnected until a poll {@code delay} nanoseconds from now; the caller set retryPending. */
  private void retryIn(long delay) {
    setConnected(false);
    ScheduledFuture<?> f =
        ctx.schedule(
            () -> {
              synchronized (this) {
                retryPending = false;
              }
              poll(null);
            },
            delay);
    synchronized (this) {
      timer = f;
    }
  }

  private static boolean isUnavailable(ServerToAgent reply) {
    return reply.hasErrorResponse()
        && reply.getErrorResponse().getType()
            == ServerErrorResponseType.ServerErrorResponseType_Unavailable;
  }

  /** Any other failure: the message is dropped and the agent polls again after its interval. */
  private void abandoned(String kind) {
    if (ctx.closing) {
      return;
    }
    ctx.counters.error(kind);
    synchronized (this) {
      inFlight = false;
      retrying = null;
      retries.reset();
    }
    setConnected(false);
    scheduleNextPoll(pollNanos());
  }

  /**
   * A 200 whose ServerToAgent is an UNAVAILABLE error: the client stops and tries again after the
   * server's retry_info, or after the next wait of its retry schedule. True when it was one.
   */
  private boolean unavailable(ServerToAgent reply) {
    if (!isUnavailable(reply)) {
      return false;
    }
    ctx.counters.opampReceived.increment();
    ctx.counters.error("opamp-unavailable");
    long delay;
    synchronized (this) {
      delay = retries.next(reply.getErrorResponse().getRetryInfo().getRetryAfterNanoseconds());
      retryPending = true;
      cancelTimer();
    }
    retryIn(delay);
    return true;
  }

  private void scheduleNextPoll(long delayNanos) {
    ScheduledFuture<?> f = ctx.schedule(() -> poll(null), delayNanos);
    synchronized (this) {
      cancelTimer();
      timer = f;
    }
  }

  private void cancelTimer() {
    ScheduledFuture<?> t = timer;
    if (t != null) {
      t.cancel(false);
      timer = null;
    }
  }

  // ---------------------------------------------------------------- receiving

  void frame(AgentSocket conn, ByteBuffer payload) {
    ctx.counters.opampReceived.increment();
    conn.releaseRamp();
    if (OpampFrames.readHeader(payload) != OpampFrames.HEADER) {
      ctx.counters.error("ws-frame-header");
      return;
    }
    ServerToAgent reply;
    try {
      reply = ServerToAgent.parseFrom(payload);
    } catch (InvalidProtocolBufferException e) {
      ctx.counters.error("ws-decode");
      return;
    }
    synchronized (this) {
      if (current != conn) {
        return;
      }
    }
    if (isUnavailable(reply)) {
      unavailableOnSocket(conn, reply);
      return;
    }
    if (onServerMessage(conn, reply)) {
      boolean stillCurrent;
      synchronized (this) {
        stillCurrent = current == conn;
        if (stillCurrent && !conn.accepted) {
          conn.accepted = true;
          retries.reset();
          startHeartbeat();
        }
      }
      if (stillCurrent) {
        setConnected(true);
      }
    }
  }

  /**
   * UNAVAILABLE on a WebSocket: opamp-go closes it and connects again after the server's
   * retry_info, or after the next wait of its retry schedule.
   */
  private void unavailableOnSocket(AgentSocket conn, ServerToAgent reply) {
    ctx.counters.error("opamp-unavailable");
    long delay;
    synchronized (this) {
      if (current == conn) {
        current = null;
        cancelTimer();
      }
      delay = retries.next(reply.getErrorResponse().getRetryInfo().getRetryAfterNanoseconds());
    }
    conn.ended.set(true);
    setConnected(false);
    conn.close(1000, "server unavailable");
    ctx.schedule(this::connect, delay);
  }

  /**
   * Acts on one ServerToAgent as the supervisor does; true when the server accepted the agent (no
   * error response).
   */
  private boolean onServerMessage(@Nullable AgentSocket conn, ServerToAgent s) {
    if (conn == null) {
      ctx.counters.opampReceived.increment();
    }
    if (s.hasErrorResponse()) {
      ServerErrorResponseType type = s.getErrorResponse().getType();
      LOG.debug("Agent {}: error response {}", index, s.getErrorResponse().getErrorMessage());
      ctx.counters.error(
          type == ServerErrorResponseType.ServerErrorResponseType_Unavailable
              ? "opamp-unavailable"
              : type == ServerErrorResponseType.ServerErrorResponseType_BadRequest
                  ? "opamp-bad-request"
                  : "opamp-error");
      return false;
    }
    boolean sendNow = false;
    boolean switched = false;
    AgentRemoteConfig remote = null;
    synchronized (this) {
      if (s.hasAgentIdentification()
          && s.getAgentIdentification().getNewInstanceUid().size() == 16) {
        uid = s.getAgentIdentification().getNewInstanceUid();
        dirtyDescription = true;
        sendNow = true;
      }
      if ((s.getFlags() & FLAG_REPORT_FULL_STATE) != 0) {
        fullStateNext = true;
        sendNow = true;
      }
      if (s.hasRemoteConfig()) {
        ByteString hash = s.getRemoteConfig().getConfigHash();
        if (!hash.equals(configHash)
            || configStatus == RemoteConfigStatuses.RemoteConfigStatuses_UNSET) {
          configHash = hash;
          configStatus = RemoteConfigStatuses.RemoteConfigStatuses_APPLYING;
          configError = "";
          dirtyStatus = true;
          remote = s.getRemoteConfig();
        } else {
          dirtyStatus = true; // the server did not see our report: say it again
        }
        sendNow = true;
      }
    }
    if (s.hasConnectionSettings()) {
      switched = settings(conn, s.getConnectionSettings());
    }
    if (remote != null) {
      ctx.progress.received(Identities.hex(remote.getConfigHash()), true);
      AgentRemoteConfig r = remote;
      long delay = ctx.plan.applyDelay().toNanos();
      if (ctx.schedule(() -> finishApplying(r), delay) == null && !ctx.closing) {
        finishApplying(r);
      }
    }
    if (sendNow && !switched) {
      send();
    }
    return !switched;
  }

  /** APPLYING is over: APPLIED with the new effective config, or FAILED for the failing share. */
  private void finishApplying(AgentRemoteConfig remote) {
    synchronized (this) {
      if (!remote.getConfigHash().equals(configHash)
          || configStatus != RemoteConfigStatuses.RemoteConfigStatuses_APPLYING) {
        return; // superseded by a newer config
      }
      if (ctx.failing(index)) {
        configStatus = RemoteConfigStatuses.RemoteConfigStatuses_FAILED;
        configError =
            "Config apply timeout exceeded (simulated failure of agent " + (index + 1) + ")";
      } else {
        configStatus = RemoteConfigStatuses.RemoteConfigStatuses_APPLIED;
        effective = Identities.effectiveFor(remote);
        dirtyEffective = true;
      }
      dirtyStatus = true;
    }
    send();
  }

  /**
   * Connection settings as the supervisor takes them: skipped when the hash was processed already;
   * OpAMP settings replace the Authorization header (a new credential) and the heartbeat, and the
   * client restarts with them; own_metrics starts the metrics push. True when the WebSocket is
   * being replaced.
   */
  private boolean settings(@Nullable AgentSocket conn, ConnectionSettingsOffers offers) {
    boolean restart = false;
    synchronized (this) {
      // opamp-go's client takes the heartbeat of every opamp offer (ReportsHeartbeat), before and
      // apart from the supervisor's look at the hash: over HTTP it becomes the polling interval
      // from the next cycle on; over WebSocket it is the heartbeat, 0 turning it off.
      if (offers.hasOpamp()) {
        long beat = offers.getOpamp().getHeartbeatIntervalSeconds();
        if (!websocket && beat > 0) {
          pollNanos = TimeUnit.SECONDS.toNanos(beat);
        } else if (websocket && beat != heartbeatSeconds) {
          heartbeatSeconds = beat;
          if (conn != null && conn.accepted) {
            startHeartbeat();
          }
        }
      }
      if (!offers.getHash().isEmpty() && offers.getHash().equals(settingsHash)) {
        return false;
      }
      settingsHash = offers.getHash();
      if (offers.hasOpamp()) {
        String auth = header(offers.getOpamp().getHeaders(), "Authorization");
        if (auth != null && !auth.equals(authorization)) {
          authorization = auth;
          restart = true;
        }
      }
      if (offers.hasOwnMetrics() && ctx.plan.otlp()) {
        String endpoint = offers.getOwnMetrics().getDestinationEndpoint();
        String auth = header(offers.getOwnMetrics().getHeaders(), "Authorization");
        try {
          metricsEndpoint = endpoint.isEmpty() ? null : URI.create(endpoint);
        } catch (IllegalArgumentException e) {
          metricsEndpoint = null;
          ctx.counters.error("otlp-endpoint");
        }
        metricsAuthorization = auth == null ? authorization : auth;
        startMetrics();
      }
    }
    if (restart) {
      ctx.counters.credentialSwitches.increment();
      if (websocket && conn != null) {
        // The supervisor stops its OpAMP client and starts one with the new settings.
        synchronized (this) {
          if (current == conn) {
            current = null;
            cancelTimer();
          }
        }
        conn.ended.set(true);
        setConnected(false);
        // Like the supervisor, stop the old client (close handshake done) before starting the
        // new one: a second socket with the same uid while the first is still open would be
        // taken for a clone. If the close hangs, go ahead after 2 s.
        conn.closeThen(1000, "new connection settings", this::connect);
        ctx.schedule(conn::runAfterClose, TimeUnit.SECONDS.toNanos(2));
        return true;
      }
      synchronized (this) {
        fullStateNext = true;
        wantSend = true; // a restarted client reports at once
        // ...and is a new opamp-go client: it polls at its default until offered an interval.
        pollNanos = ctx.plan.opampHttpPollInterval().toNanos();
      }
    }
    return false;
  }

  private static @Nullable String header(Headers headers, String name) {
    for (Header h : headers.getHeadersList()) {
      if (h.getKey().equalsIgnoreCase(name)) {
        return h.getValue();
      }
    }
    return null;
  }

  // ---------------------------------------------------------------- timers

  /** Heartbeats over WebSocket at the offered interval (0 = none). Holds the lock. */
  private void startHeartbeat() {
    cancelTimer();
    if (!websocket || heartbeatSeconds <= 0) {
      return;
    }
    long period = TimeUnit.SECONDS.toNanos(heartbeatSeconds);
    timer = ctx.every(this::heartbeat, period, period);
  }

  private void heartbeat() {
    sendWs(null);
  }

  /** Own metrics every metricsInterval, starting at a random point of the first interval. */
  private void startMetrics() {
    if (metricsTimer != null || metricsEndpoint == null) {
      return;
    }
    long period = ctx.plan.metricsInterval().toNanos();
    metricsTimer =
        ctx.every(this::pushMetrics, ThreadLocalRandom.current().nextLong(period), period);
  }

  private void pushMetrics() {
    URI endpoint;
    String auth;
    Map<String, String> resource = new LinkedHashMap<>();
    synchronized (this) {
      endpoint = metricsEndpoint;
      auth = metricsAuthorization;
      resource.put("service.instance.id", Identities.uuidString(uid));
    }
    if (endpoint == null || ctx.closing) {
      return;
    }
    resource.put("service.name", "otelcol-contrib");
    resource.put("service.version", Identities.OTELCOL_VERSION);
    resource.put("host.name", Identities.hostName(ctx.plan.namePrefix(), index));
    resource.put("os.type", "linux");
    OtlpPush.send(
        ctx,
        endpoint,
        auth,
        OwnMetrics.export(
            resource,
            false,
            index,
            startEpochNanos,
            TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis())));
  }

  // ---------------------------------------------------------------- closing

  /** Says goodbye (agent_disconnect) and closes; the simulation is ending. */
  void close() {
    AgentSocket conn;
    synchronized (this) {
      conn = current;
      cancelTimer();
      if (metricsTimer != null) {
        metricsTimer.cancel(false);
      }
    }
    if (conn != null && conn.session != null) {
      try {
        sendWs(AgentDisconnect.getDefaultInstance());
      } catch (RuntimeException e) {
        // closing anyway
      }
      conn.close(1000, "agent shutting down");
    } else if (!websocket) {
      goodbyeOverHttp();
    }
    setConnected(false);
  }

  /** A polling agent's last request carries agent_disconnect (best effort, 1 s). */
  private void goodbyeOverHttp() {
    AgentToServer m;
    String auth;
    synchronized (this) {
      if (!connected) {
        return;
      }
      m = next().toBuilder().setAgentDisconnect(AgentDisconnect.getDefaultInstance()).build();
      auth = authorization;
    }
    try {
      ctx.http
          .newRequest(ctx.opampUri)
          .method(HttpMethod.POST)
          .headers(h -> h.put(HttpHeader.AUTHORIZATION, auth))
          .body(new BytesRequestContent("application/x-protobuf", m.toByteArray()))
          .timeout(1, TimeUnit.SECONDS)
          .send(result -> ctx.goodbyes.decrementAndGet());
      ctx.goodbyes.incrementAndGet();
    } catch (RuntimeException e) {
      // best effort
    }
  }
}
