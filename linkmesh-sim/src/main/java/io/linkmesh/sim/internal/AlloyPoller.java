package io.linkmesh.sim.internal;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import io.linkmesh.wire.alloy.proto.AgentConfigFile;
import io.linkmesh.wire.alloy.proto.AgentConfigMap;
import io.linkmesh.wire.alloy.proto.EffectiveConfig;
import io.linkmesh.wire.alloy.proto.GetConfigRequest;
import io.linkmesh.wire.alloy.proto.GetConfigResponse;
import io.linkmesh.wire.alloy.proto.RegisterCollectorRequest;
import io.linkmesh.wire.alloy.proto.RemoteConfigStatus;
import io.linkmesh.wire.alloy.proto.RemoteConfigStatuses;
import io.linkmesh.wire.alloy.proto.UnregisterCollectorRequest;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.eclipse.jetty.client.BufferingResponseListener;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.jspecify.annotations.Nullable;

/**
 * One simulated Grafana Alloy with a {@code remotecfg} block (PROTOCOLS.md C): GetConfig first,
 * then RegisterCollector, then GetConfig every poll interval with the last hash; a new config is
 * applied (or fails, for the failing share) and reported with an immediate extra GetConfig carrying
 * the status and the effective config. Authenticates with the enrollment token throughout (Alloy
 * cannot receive a credential of its own).
 */
final class AlloyPoller {
  private static final String SERVICE = "/collector.v1.CollectorService/";
  private static final String PROTO = "application/proto";
  private static final int MAX_RESPONSE = 16 * 1024 * 1024;

  private final SimContext ctx;
  final int index;
  final String id;
  private final Map<String, String> attributes;
  private final String authorization;
  private final long startEpochNanos;

  // Guarded by this.
  private String hash = "";
  private @Nullable RemoteConfigStatus pendingStatus;
  private @Nullable EffectiveConfig pendingEffective;
  private @Nullable String pendingHash;
  private boolean registered;
  private boolean everRegistered;
  private int attempt;
  private boolean inFlight;
  private boolean again;
  private @Nullable ScheduledFuture<?> timer;
  private @Nullable ScheduledFuture<?> metricsTimer;

  AlloyPoller(SimContext ctx, int index) {
    this.ctx = ctx;
    this.index = index;
    this.id = Identities.alloyId(ctx.plan.namePrefix(), index);
    this.attributes = Identities.alloyAttributes(index);
    this.authorization = "Bearer " + ctx.plan.token();
    this.startEpochNanos = TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis());
  }

  /** Start-up: GetConfig, then RegisterCollector (through the ramp). */
  void start() {
    ctx.ramp.submit(
        done ->
            getConfig(
                ok -> {
                  if (!ok) {
                    done.run();
                    retryStart();
                    return;
                  }
                  register(
                      registeredOk -> {
                        done.run();
                        if (registeredOk) {
                          setRegistered(true);
                          startMetrics();
                          boolean report;
                          synchronized (this) {
                            report = again;
                            again = false;
                          }
                          if (report) {
                            poll(); // a loaded config's status goes out at once
                          } else {
                            scheduleNext(ctx.plan.alloyPollInterval().toNanos());
                          }
                        } else {
                          retryStart();
                        }
                      });
                }));
  }

  private void retryStart() {
    long delay;
    synchronized (this) {
      delay = SimContext.backoffNanos(attempt++);
    }
    ctx.schedule(this::start, delay);
  }

  private void setRegistered(boolean now) {
    boolean changed;
    boolean reconnect;
    synchronized (this) {
      changed = registered != now;
      reconnect = now && !registered && everRegistered;
      registered = now;
      if (now) {
        everRegistered = true;
        attempt = 0;
      }
    }
    if (reconnect) {
      ctx.counters.reconnects.increment();
    }
    if (changed) {
      if (now) {
        ctx.counters.alloyRegistered.incrementAndGet();
      } else {
        ctx.counters.alloyRegistered.decrementAndGet();
      }
      ctx.counters.changed();
    }
  }

  private void register(Consumer<Boolean> then) {
    RegisterCollectorRequest request =
        RegisterCollectorRequest.newBuilder()
            .setId(id)
            .setName(id)
            .putAllLocalAttributes(attributes)
            .build();
    call(
        "RegisterCollector",
        request,
        (status, body) -> {
          if (status != 200) {
            if (status > 0) {
              ctx.counters.error("alloy-" + status);
            }
            then.accept(false);
            return;
          }
          then.accept(true);
        });
  }

  /** A periodic poll: GetConfig now unless one is in flight (then right after it). */
  private void poll() {
    getConfig(
        ok -> {
          if (ok) {
            setRegistered(true);
          } else {
            setRegistered(false);
          }
          boolean more;
          synchronized (this) {
            more = again;
            again = false;
          }
          if (more) {
            poll();
          } else {
            scheduleNext(
                ok
                    ? ctx.plan.alloyPollInterval().toNanos()
                    : Math.min(ctx.plan.alloyPollInterval().toNanos(), backoff()));
          }
        });
  }

  private long backoff() {
    synchronized (this) {
      return SimContext.backoffNanos(attempt++);
    }
  }

  private void scheduleNext(long delayNanos) {
    // Alloy adds a small jitter to its poll frequency.
    long jitter = ThreadLocalRandom.current().nextLong(TimeUnit.MILLISECONDS.toNanos(100) + 1);
    ScheduledFuture<?> f = ctx.schedule(this::poll, delayNanos + jitter);
    synchronized (this) {
      if (timer != null) {
        timer.cancel(false);
      }
      timer = f;
    }
  }

  private void getConfig(Consumer<Boolean> then) {
    GetConfigRequest.Builder request =
        GetConfigRequest.newBuilder().setId(id).putAllLocalAttributes(attributes);
    String reportedHash;
    RemoteConfigStatus reportedStatus;
    synchronized (this) {
      if (inFlight) {
        again = true; // the request in flight polls again when it is answered
        return;
      }
      inFlight = true;
      request.setHash(hash);
      reportedStatus = pendingStatus;
      reportedHash = pendingHash;
      if (pendingStatus != null) {
        request.setRemoteConfigStatus(pendingStatus);
      }
      if (pendingEffective != null) {
        request.setEffectiveConfig(pendingEffective);
      }
    }
    call(
        "GetConfig",
        request.build(),
        (status, body) -> {
          boolean reload = false;
          synchronized (this) {
            inFlight = false;
          }
          if (status != 200) {
            if (status > 0) {
              ctx.counters.error("alloy-" + status);
            }
            then.accept(false);
            return;
          }
          GetConfigResponse response;
          try {
            response = GetConfigResponse.parseFrom(body);
          } catch (InvalidProtocolBufferException e) {
            ctx.counters.error("alloy-decode");
            then.accept(false);
            return;
          }
          ctx.counters.alloyPolls.increment();
          if (reportedStatus != null && reportedHash != null) {
            synchronized (this) {
              if (pendingStatus == reportedStatus) {
                pendingStatus = null;
                pendingEffective = null;
                pendingHash = null;
              }
            }
            ctx.progress.reported(
                reportedHash,
                reportedStatus.getStatus() == RemoteConfigStatuses.RemoteConfigStatuses_APPLIED);
          }
          if (response.getNotModified()) {
            ctx.counters.alloyNotModified.increment();
          } else if (!response.getHash().isEmpty()) {
            reload = load(response);
          }
          if (reload) {
            synchronized (this) {
              again = true;
            }
          }
          then.accept(true);
        });
  }

  /** Loads new content; true when a status is now waiting to be reported. */
  private boolean load(GetConfigResponse response) {
    String newHash = response.getHash();
    synchronized (this) {
      if (newHash.equals(hash)) {
        return false;
      }
      hash = newHash;
    }
    String key = newHash.toLowerCase(Locale.ROOT);
    ctx.progress.received(key, false);
    RemoteConfigStatus status;
    EffectiveConfig effective = null;
    if (ctx.failing(index)) {
      status =
          RemoteConfigStatus.newBuilder()
              .setStatus(RemoteConfigStatuses.RemoteConfigStatuses_FAILED)
              .setErrorMessage("remotecfg: simulated failure of " + id + ": component not found")
              .build();
    } else {
      status =
          RemoteConfigStatus.newBuilder()
              .setStatus(RemoteConfigStatuses.RemoteConfigStatuses_APPLIED)
              .build();
      effective =
          EffectiveConfig.newBuilder()
              .setConfigMap(
                  AgentConfigMap.newBuilder()
                      .putConfigMap(
                          "",
                          AgentConfigFile.newBuilder()
                              .setBody(ByteString.copyFromUtf8(response.getContent()))
                              .setContentType("text/plain")
                              .build()))
              .build();
    }
    synchronized (this) {
      pendingStatus = status;
      pendingEffective = effective;
      pendingHash = key;
    }
    return true;
  }

  /** A Connect unary call; {@code then} gets the status (0 = no answer) and the body. */
  private void call(String method, MessageLite request, Answer then) {
    if (ctx.closing) {
      return;
    }
    URI uri = URI.create(ctx.alloyBase + SERVICE + method);
    try {
      ctx.http
          .newRequest(uri)
          .method(HttpMethod.POST)
          .headers(
              h -> {
                h.put(HttpHeader.AUTHORIZATION, authorization);
                h.put("Connect-Protocol-Version", "1");
                h.put(HttpHeader.USER_AGENT, "Alloy/" + Identities.ALLOY_VERSION + " (linux; sim)");
              })
          .body(new BytesRequestContent(PROTO, request.toByteArray()))
          .timeout(SimContext.REQUEST_TIMEOUT_SECONDS, TimeUnit.SECONDS)
          .send(
              new BufferingResponseListener(MAX_RESPONSE) {
                @Override
                public void onComplete(Result result) {
                  if (result.isFailed()) {
                    if (!ctx.closing) {
                      ctx.counters.error("alloy-connect");
                    }
                    then.answer(0, new byte[0]);
                  } else {
                    then.answer(result.getResponse().getStatus(), getContent());
                  }
                }
              });
    } catch (RuntimeException e) {
      ctx.counters.error("alloy-connect");
      then.answer(0, new byte[0]);
    }
  }

  @FunctionalInterface
  private interface Answer {
    void answer(int status, byte[] body);
  }

  /**
   * Own metrics as the Alloy bootstrap wires them: Alloy's otelcol_* component counters scraped and
   * sent over OTLP/HTTP to {@code <server>/v1/metrics} with the same bearer token, the resource
   * naming the collector with {@code linkmesh.collector.id}.
   */
  private void startMetrics() {
    if (!ctx.plan.otlp()) {
      return;
    }
    synchronized (this) {
      if (metricsTimer != null) {
        return;
      }
      long period = ctx.plan.metricsInterval().toNanos();
      metricsTimer =
          ctx.every(this::pushMetrics, ThreadLocalRandom.current().nextLong(period), period);
    }
  }

  private void pushMetrics() {
    Map<String, String> resource = new LinkedHashMap<>();
    resource.put("linkmesh.collector.id", id);
    resource.put("service.name", "alloy");
    resource.put("service.version", Identities.ALLOY_VERSION);
    resource.put("host.name", Identities.hostName(ctx.plan.namePrefix(), index));
    OtlpPush.send(
        ctx,
        ctx.defaultMetricsUri,
        authorization,
        OwnMetrics.export(
            resource,
            true,
            index,
            startEpochNanos,
            TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis())));
  }

  /** Stops polling; tells the server (best effort, as Alloy does with a 1 s timeout). */
  void close() {
    synchronized (this) {
      if (timer != null) {
        timer.cancel(false);
      }
      if (metricsTimer != null) {
        metricsTimer.cancel(false);
      }
    }
    boolean was;
    synchronized (this) {
      was = registered;
    }
    if (was) {
      try {
        ctx.http
            .newRequest(URI.create(ctx.alloyBase + SERVICE + "UnregisterCollector"))
            .method(HttpMethod.POST)
            .headers(
                h -> {
                  h.put(HttpHeader.AUTHORIZATION, authorization);
                  h.put("Connect-Protocol-Version", "1");
                })
            .body(
                new BytesRequestContent(
                    PROTO, UnregisterCollectorRequest.newBuilder().setId(id).build().toByteArray()))
            .timeout(1, TimeUnit.SECONDS)
            .send(result -> {});
      } catch (RuntimeException e) {
        // best effort
      }
    }
    setRegistered(false);
  }
}
