package io.linkmesh.opamp;

import static java.util.Objects.requireNonNull;

import io.linkmesh.domain.config.DesiredConfig;
import io.linkmesh.domain.fleet.CollectorId;
import io.linkmesh.domain.port.in.AuthenticateCollectorUseCase;
import io.linkmesh.domain.port.in.ConnectCollectorUseCase;
import io.linkmesh.domain.port.in.DisconnectCollectorUseCase;
import io.linkmesh.domain.port.in.NoteOwnMetricsOfferedUseCase;
import io.linkmesh.domain.port.in.ReportCollectorStatusUseCase;
import io.linkmesh.domain.port.out.AgentNotifier;
import io.linkmesh.domain.port.out.ServerMetrics;
import io.linkmesh.jetty.HandlerOptions;
import io.linkmesh.opamp.internal.DomainFleet;
import io.linkmesh.opamp.internal.Fleet;
import io.linkmesh.opamp.internal.OpampHandler;
import io.linkmesh.opamp.internal.SessionMachine;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Handler;
import org.jspecify.annotations.Nullable;

/**
 * The OpAMP server: a Jetty {@link Handler} serving {@code /v1/opamp} over WebSocket and plain
 * HTTP. Build it, mount {@link #handler()} in the server's handler sequence, and close it on
 * shutdown. One shared scheduler thread sweeps silent HTTP agents; a small pool (one thread per
 * core) serializes and queues pushes. There is no thread or timer per agent.
 */
public final class OpampServer implements AutoCloseable {

  private final OpampHandler handler;
  private final SessionMachine machine;
  private final ScheduledExecutorService scheduler;
  private final ExecutorService pushes;

  private OpampServer(Builder b, Fleet fleet) {
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "opamp-scheduler");
              t.setDaemon(true);
              return t;
            });
    int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
    this.pushes =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "opamp-push");
              t.setDaemon(true);
              return t;
            });
    this.machine =
        new SessionMachine(
            fleet,
            b.clock,
            b.heartbeat,
            b.httpPollInterval,
            b.idleTimeout,
            b.ownMetrics,
            scheduler,
            pushes,
            b.metrics);
    this.handler =
        new OpampHandler(
            machine,
            b.path,
            b.maxMessageBytes,
            b.idleTimeout,
            b.externalUrl,
            b.compression,
            b.socketsPerCredential);
    long sweepMillis =
        Math.max(
            250,
            Math.min(
                    Math.min(b.heartbeat.toMillis(), b.httpPollInterval.toMillis()),
                    b.idleTimeout.toMillis())
                / 4);
    scheduler.scheduleWithFixedDelay(
        machine::sweep, sweepMillis, sweepMillis, TimeUnit.MILLISECONDS);
  }

  /**
   * The poll interval offered to plain-HTTP agents unless set: 5 s. A change reaches a poller
   * within one interval; a poll costs the server about 0.2 ms of CPU (bench/README.md,
   * "http-pollers"), so 10,000 pollers at 5 s cost about 0.4 of a core.
   */
  public static final Duration DEFAULT_HTTP_POLL_INTERVAL = Duration.ofSeconds(5);

  /**
   * The largest OpAMP message accepted unless set: 8 MiB. A collector's messages (description,
   * health, an effective config of a few hundred KiB as a rule) stay far below it, and it is above
   * the largest effective config the server keeps (4 Mi characters); each open socket can pin at
   * most this much of the heap with a partial message.
   */
  public static final int DEFAULT_MAX_MESSAGE_BYTES = 8 * 1024 * 1024;

  /**
   * WebSockets one collector credential may hold unless set: 4. One agent needs one; it may hold a
   * second while it reconnects, and its reconnect replaces the old socket.
   */
  public static final int DEFAULT_SOCKETS_PER_CREDENTIAL = 4;

  /**
   * A builder with the defaults: path {@code /v1/opamp}, WebSocket heartbeat 30 s, HTTP poll
   * interval {@link #DEFAULT_HTTP_POLL_INTERVAL}, {@link #DEFAULT_MAX_MESSAGE_BYTES} messages,
   * {@link #DEFAULT_SOCKETS_PER_CREDENTIAL} sockets per collector credential.
   */
  public static Builder builder() {
    return new Builder();
  }

  /** The Jetty handler; requests for other paths fall through to the next handler. */
  public Handler handler() {
    return handler;
  }

  /** Number of agents currently connected (WebSocket) or polling (HTTP). */
  public int agentCount() {
    return machine.agentCount();
  }

  SessionMachine machine() {
    return machine;
  }

  /**
   * The domain's outbound notifier for OpAMP collectors: register it with the fleet service. A
   * desired-config change is pushed at once to WebSocket agents (queued, never blocking the caller)
   * and delivered to HTTP agents in their next poll; a deregistration closes the socket.
   */
  public AgentNotifier notifier() {
    return new AgentNotifier() {
      @Override
      public void desiredConfigChanged(CollectorId collector, @Nullable DesiredConfig desired) {
        machine.desiredChanged(collector.value(), desired);
      }

      @Override
      public void deregistered(CollectorId collector) {
        machine.deregistered(collector.value());
      }
    };
  }

  /** Stops the scheduler and forgets every agent. The handler itself stops with Jetty. */
  @Override
  public void close() {
    scheduler.shutdownNow();
    pushes.shutdownNow();
    machine.clear();
  }

  /** Options of an {@link OpampServer}. */
  public static final class Builder {
    private String path = "/v1/opamp";
    private Duration heartbeat = Duration.ofSeconds(30);
    private Duration httpPollInterval = DEFAULT_HTTP_POLL_INTERVAL;
    private Duration idleTimeout = Duration.ofMinutes(2);
    private int maxMessageBytes = DEFAULT_MAX_MESSAGE_BYTES;
    private int socketsPerCredential = DEFAULT_SOCKETS_PER_CREDENTIAL;
    private boolean ownMetrics = true;
    private boolean compression;
    private @Nullable URI externalUrl;
    private Clock clock = Clock.systemUTC();
    private ServerMetrics metrics = ServerMetrics.noop();
    private @Nullable Fleet fleet;
    private @Nullable Object useCases;

    private Builder() {}

    /** The URL path to serve (default {@code /v1/opamp}). */
    public Builder path(String path) {
      this.path = HandlerOptions.path(path);
      return this;
    }

    /**
     * The heartbeat interval offered to WebSocket agents that report heartbeats (default 30 s). A
     * heartbeat costs a message; changes reach WebSocket agents at once whatever it is.
     */
    public Builder heartbeat(Duration heartbeat) {
      this.heartbeat = wholeSeconds("heartbeat", heartbeat);
      return this;
    }

    /**
     * The interval offered to plain-HTTP agents that report heartbeats (default {@link
     * #DEFAULT_HTTP_POLL_INTERVAL}). opamp-go turns an offered heartbeat into its polling interval,
     * so this is how often such agents poll, and so how late a change reaches them. An agent silent
     * for three intervals is marked disconnected. The interval is part of the offered connection
     * settings: changing it changes their hash, and supervisors that accept connection settings
     * restart their client once to adopt it.
     */
    public Builder httpPollInterval(Duration interval) {
      this.httpPollInterval = wholeSeconds("httpPollInterval", interval);
      return this;
    }

    private static Duration wholeSeconds(String name, Duration d) {
      requireNonNull(d, name);
      if (d.toSeconds() < 1 || d.toSeconds() > 86_400) {
        throw new IllegalArgumentException(name + " must be 1 s to 24 h: " + d);
      }
      return Duration.ofSeconds(d.toSeconds());
    }

    /**
     * How long a WebSocket may stay silent before it is closed (default 2 min). Agents silent for
     * half of it are pinged; a live peer's pong keeps the socket open, a dead one times out.
     */
    public Builder idleTimeout(Duration idleTimeout) {
      requireNonNull(idleTimeout, "idleTimeout");
      if (idleTimeout.isNegative() || idleTimeout.isZero()) {
        throw new IllegalArgumentException("idleTimeout must be positive: " + idleTimeout);
      }
      this.idleTimeout = idleTimeout;
      return this;
    }

    /**
     * Largest accepted message after decompression (default {@link #DEFAULT_MAX_MESSAGE_BYTES}). A
     * WebSocket frame announcing more is refused (1009) as its header arrives, before any of it is
     * buffered; an HTTP body over it gets 413.
     */
    public Builder maxMessageBytes(int maxMessageBytes) {
      if (maxMessageBytes < 1024) {
        throw new IllegalArgumentException("maxMessageBytes must be >= 1024: " + maxMessageBytes);
      }
      this.maxMessageBytes = maxMessageBytes;
      return this;
    }

    /**
     * How many WebSockets one collector credential may hold open (default {@link
     * #DEFAULT_SOCKETS_PER_CREDENTIAL}); an upgrade over the bound gets 429 with a reason.
     * Enrollment tokens are not bounded here: a fleet enrolls through one.
     */
    public Builder socketsPerCredential(int sockets) {
      if (sockets < 1 || sockets > 10_000) {
        throw new IllegalArgumentException("socketsPerCredential must be 1-10000: " + sockets);
      }
      this.socketsPerCredential = sockets;
      return this;
    }

    /**
     * Whether WebSocket permessage-deflate may be negotiated (default false: it costs a zlib
     * context per connection, and OpAMP agents do not need it).
     */
    public Builder compression(boolean compression) {
      this.compression = compression;
      return this;
    }

    /** Whether to offer own_metrics pointing at {@code /v1/metrics} (default true). */
    public Builder ownMetrics(boolean ownMetrics) {
      this.ownMetrics = ownMetrics;
      return this;
    }

    /**
     * How agents reach this server, e.g. {@code https://linkmesh.example.com}; used in the
     * connection settings offered to them. Default: the scheme and host of each request.
     */
    public Builder externalUrl(URI externalUrl) {
      this.externalUrl = HandlerOptions.externalUrl(externalUrl);
      return this;
    }

    /** The clock for liveness (default the system UTC clock). */
    public Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The domain's collector use cases, typically {@code domain.fleet()}. If it also records
     * own-metrics offers ({@link NoteOwnMetricsOfferedUseCase}), those become collector events.
     */
    public <
            T extends
                AuthenticateCollectorUseCase & ConnectCollectorUseCase
                    & ReportCollectorStatusUseCase & DisconnectCollectorUseCase>
        Builder useCases(T fleet) {
      requireNonNull(fleet, "fleet");
      this.useCases = fleet;
      this.fleet = null;
      return this;
    }

    Builder fleet(Fleet fleet) {
      this.fleet = requireNonNull(fleet, "fleet");
      this.useCases = null;
      return this;
    }

    /**
     * Where to report messages in and out and config pushes (default: nowhere); pass the server's
     * metrics so {@code /api/v1/metrics} shows them.
     */
    public Builder metrics(ServerMetrics metrics) {
      this.metrics = requireNonNull(metrics, "metrics");
      return this;
    }

    /** Builds the server. */
    public OpampServer build() {
      Fleet f = fleet;
      Object u = useCases;
      if (f == null && u != null) {
        f =
            new DomainFleet(
                (AuthenticateCollectorUseCase) u,
                (ConnectCollectorUseCase) u,
                (ReportCollectorStatusUseCase) u,
                (DisconnectCollectorUseCase) u,
                u instanceof NoteOwnMetricsOfferedUseCase n ? n : null,
                httpPollInterval);
      }
      if (f == null) {
        throw new IllegalStateException("useCases(...) not set");
      }
      return new OpampServer(this, f);
    }
  }
}
