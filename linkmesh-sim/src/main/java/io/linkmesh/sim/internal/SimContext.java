package io.linkmesh.sim.internal;

import io.linkmesh.sim.OpampTransport;
import io.linkmesh.sim.SimulationPlan;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.ProxyAuthenticationProtocolHandler;
import org.eclipse.jetty.client.WWWAuthenticationProtocolHandler;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every simulated agent shares: the plan, ONE Jetty HttpClient and ONE WebSocketClient on top
 * of it, one small scheduler for every timer, the ramp, the counters.
 */
final class SimContext {
  private static final Logger LOG = LoggerFactory.getLogger(SimContext.class);

  static final String USER_AGENT = "linkmesh-sim";
  static final long REQUEST_TIMEOUT_SECONDS = 30;
  static final Duration BACKOFF_START = Duration.ofSeconds(1);
  static final Duration BACKOFF_CAP = Duration.ofSeconds(30);

  final SimulationPlan plan;
  final Counters counters = new Counters();
  final ProgressBoard progress = new ProgressBoard(counters);
  final HttpClient http;
  final WebSocketClient ws;
  final ScheduledThreadPoolExecutor timers;
  final Ramp ramp;
  final URI opampUri;
  final URI alloyBase;
  final URI defaultMetricsUri;
  final long startEpochNanos;
  volatile boolean closing;

  /** Goodbye requests (HTTP agent_disconnect) still in flight while closing. */
  final java.util.concurrent.atomic.AtomicInteger goodbyes =
      new java.util.concurrent.atomic.AtomicInteger();

  SimContext(SimulationPlan plan) {
    this.plan = plan;
    String base = plan.server().toString().replaceAll("/+$", "");
    boolean tls = "https".equals(plan.server().getScheme());
    String opampPath = base.substring(plan.server().getScheme().length()) + "/v1/opamp";
    this.opampUri =
        URI.create(
            (plan.transport() == OpampTransport.WS
                    ? (tls ? "wss" : "ws")
                    : (tls ? "https" : "http"))
                + opampPath);
    this.alloyBase = URI.create(base);
    this.defaultMetricsUri = URI.create(base + "/v1/metrics");
    this.startEpochNanos = TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis());

    this.timers =
        new ScheduledThreadPoolExecutor(
            2,
            r -> {
              Thread t = new Thread(r, "sim-timer");
              t.setDaemon(true);
              return t;
            });
    timers.setRemoveOnCancelPolicy(true);
    timers.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    this.ramp = new Ramp(plan.maxConnectsInFlight(), timers);

    int agents = plan.otelcol() + plan.alloy();
    QueuedThreadPool threads = new QueuedThreadPool(32, 4);
    threads.setName("sim-http");
    threads.setDaemon(true);
    ClientConnector connector = new ClientConnector();
    connector.setSslContextFactory(Tls.factory(plan.trust()));
    connector.setConnectTimeout(Duration.ofSeconds(10));
    connector.setSelectors(Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())));
    connector.setExecutor(threads);
    HttpClient client = new HttpClient(new HttpClientTransportOverHTTP(connector));
    client.setExecutor(threads);
    client.setScheduler(new ScheduledExecutorScheduler("sim-http-scheduler", true));
    // One host for every agent, so the per-destination defaults (64 connections, 1024 queued)
    // would throttle the fleet. An upgraded WebSocket leaves the pool, so upgrades need only as
    // many connections as connects in flight; HTTP pollers keep one each. The pool scans its
    // entries on every request, so it is not made larger than that.
    int pollers = (plan.transport() == OpampTransport.HTTP ? plan.otelcol() : 0) + plan.alloy();
    client.setMaxConnectionsPerDestination(plan.maxConnectsInFlight() + pollers + 64);
    client.setMaxRequestsQueuedPerDestination(Math.max(1024, 4 * agents + 1024));
    client.setIdleTimeout(TimeUnit.MINUTES.toMillis(5));
    client.setFollowRedirects(false);
    client.setUserAgentField(new HttpField(HttpHeader.USER_AGENT, USER_AGENT));
    this.http = client;
    WebSocketClient wsClient = new WebSocketClient(client);
    // Above the heartbeat (30 s by default) and the server's ping at half its idle timeout.
    wsClient.setIdleTimeout(Duration.ofMinutes(5));
    wsClient.setMaxBinaryMessageSize(64L * 1024 * 1024);
    wsClient.setConnectTimeout(TimeUnit.SECONDS.toMillis(10));
    wsClient.setStopAtShutdown(false);
    this.ws = wsClient;
  }

  void start() {
    try {
      http.start();
      // A 401 is an answer to count, not a challenge to negotiate: without these handlers the
      // response reaches the agent with its status instead of failing the request.
      http.getProtocolHandlers().remove(WWWAuthenticationProtocolHandler.NAME);
      http.getProtocolHandlers().remove(ProxyAuthenticationProtocolHandler.NAME);
      ws.start();
    } catch (Exception e) {
      stop();
      throw new IllegalStateException("cannot start the Jetty client: " + e.getMessage(), e);
    }
  }

  /** Runs {@code task} after {@code delayNanos} on the shared timers; null when shutting down. */
  @Nullable ScheduledFuture<?> schedule(Runnable task, long delayNanos) {
    if (closing) {
      return null;
    }
    try {
      return timers.schedule(guarded(task), Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      return null;
    }
  }

  /** Runs {@code task} every {@code periodNanos} after {@code delayNanos}. */
  @Nullable ScheduledFuture<?> every(Runnable task, long delayNanos, long periodNanos) {
    if (closing) {
      return null;
    }
    try {
      return timers.scheduleAtFixedRate(
          guarded(task), Math.max(0, delayNanos), periodNanos, TimeUnit.NANOSECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      return null;
    }
  }

  /** A task that never throws (a periodic task that throws would stop for good). */
  static Runnable guarded(Runnable task) {
    return () -> {
      try {
        task.run();
      } catch (RuntimeException e) {
        LOG.warn("A simulated agent's task failed", e);
      }
    };
  }

  /** Exponential backoff with jitter: half to all of min(cap, start * 2^attempt). */
  static long backoffNanos(int attempt) {
    long base = BACKOFF_START.toNanos() << Math.min(attempt, 5);
    base = Math.min(base, BACKOFF_CAP.toNanos());
    return base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
  }

  /** Whether agent {@code index} (0-based) is one of the {@code failShare} that fail. */
  boolean failing(int index) {
    double share = plan.failShare();
    return Math.floor((index + 1) * share) > Math.floor(index * share);
  }

  void stop() {
    closing = true;
    timers.shutdownNow();
    try {
      ws.stop();
    } catch (Exception e) {
      LOG.debug("Stopping the WebSocket client failed", e);
    }
    try {
      http.stop();
    } catch (Exception e) {
      LOG.debug("Stopping the HTTP client failed", e);
    }
  }
}
