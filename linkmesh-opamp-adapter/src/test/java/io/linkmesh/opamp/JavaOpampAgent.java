package io.linkmesh.opamp;

import io.opentelemetry.opamp.client.OpampClient;
import io.opentelemetry.opamp.client.internal.connectivity.http.HttpErrorException;
import io.opentelemetry.opamp.client.internal.connectivity.http.OkHttpSender;
import io.opentelemetry.opamp.client.internal.connectivity.websocket.OkHttpWebSocket;
import io.opentelemetry.opamp.client.internal.request.Request;
import io.opentelemetry.opamp.client.internal.request.delay.PeriodicDelay;
import io.opentelemetry.opamp.client.internal.request.service.HttpRequestService;
import io.opentelemetry.opamp.client.internal.request.service.WebSocketRequestService;
import io.opentelemetry.opamp.client.internal.response.MessageData;
import io.opentelemetry.opamp.client.internal.response.Response;
import io.opentelemetry.opamp.client.internal.state.State;
import io.opentelemetry.opamp.client.request.service.RequestService;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import okhttp3.OkHttpClient;
import okio.ByteString;
import opamp.proto.AgentConfigFile;
import opamp.proto.AgentConfigMap;
import opamp.proto.AgentRemoteConfig;
import opamp.proto.AgentToServer;
import opamp.proto.RemoteConfigStatus;
import opamp.proto.RemoteConfigStatuses;
import opamp.proto.ServerErrorResponse;
import opamp.proto.ServerToAgent;
import org.jspecify.annotations.Nullable;

/**
 * The real Java OpAMP client from Maven Central as a test agent. Its RequestService is wrapped (the
 * extension point the client offers) to see every ServerToAgent, since the client does not surface
 * connection settings (PROTOCOLS.md G.3), and optionally to add capability bits it cannot declare
 * itself, e.g. AcceptsOpAMPConnectionSettings.
 */
public final class JavaOpampAgent implements AutoCloseable {

  final AtomicReference<String> bearer;
  final BlockingQueue<AgentRemoteConfig> configs = new LinkedBlockingQueue<>();
  final BlockingQueue<ServerToAgent> responses = new LinkedBlockingQueue<>();
  final BlockingQueue<Throwable> failures = new LinkedBlockingQueue<>();
  public final BlockingQueue<ServerErrorResponse> errors = new LinkedBlockingQueue<>();
  private final Effective effective = new Effective();
  final OpampClient client;

  public JavaOpampAgent(URI endpoint, byte[] uid, String bearer, long extraCapabilities) {
    this.bearer = new AtomicReference<>(bearer);
    OkHttpClient http =
        new OkHttpClient.Builder()
            .addInterceptor(
                chain ->
                    chain.proceed(
                        chain
                            .request()
                            .newBuilder()
                            .header("Authorization", "Bearer " + this.bearer.get())
                            .build()))
            .build();
    boolean websocket = endpoint.getScheme().startsWith("ws");
    RequestService transport =
        websocket
            ? WebSocketRequestService.create(
                OkHttpWebSocket.create(endpoint.toString(), http),
                PeriodicDelay.ofFixedDuration(Duration.ofMillis(200)))
            : HttpRequestService.create(
                OkHttpSender.create(endpoint.toString(), http),
                PeriodicDelay.ofFixedDuration(Duration.ofMillis(200)),
                PeriodicDelay.ofFixedDuration(Duration.ofMillis(200)));
    client =
        OpampClient.builder()
            .setRequestService(new Observing(transport, extraCapabilities))
            .setInstanceUid(uid)
            .putIdentifyingAttribute("service.name", "otelcol-contrib")
            .putIdentifyingAttribute("service.version", "0.139.0")
            .putNonIdentifyingAttribute("host.name", "java-agent-01")
            .putNonIdentifyingAttribute("os.type", "linux")
            .enableRemoteConfig()
            .enableEffectiveConfigReporting()
            .setEffectiveConfigState(effective)
            .build(
                new OpampClient.Callbacks() {
                  @Override
                  public void onConnect(OpampClient c) {}

                  @Override
                  public void onConnectFailed(OpampClient c, @Nullable Throwable t) {
                    if (t != null) {
                      failures.add(t);
                    }
                  }

                  @Override
                  public void onErrorResponse(OpampClient c, ServerErrorResponse e) {
                    errors.add(e);
                  }

                  @Override
                  public void onMessage(OpampClient c, MessageData data) {
                    AgentRemoteConfig config = data.getRemoteConfig();
                    if (config != null) {
                      configs.add(config);
                    }
                  }
                });
  }

  public AgentRemoteConfig nextConfig() throws InterruptedException {
    AgentRemoteConfig c = configs.poll(15, TimeUnit.SECONDS);
    if (c == null) {
      throw new AssertionError("no remote config within 15 s");
    }
    return c;
  }

  /** Waits until the server refuses the agent; returns the HTTP status it refused with. */
  int awaitRefusal() throws InterruptedException {
    for (int i = 0; i < 50; i++) {
      Throwable t = failures.poll(15, TimeUnit.SECONDS);
      if (t == null) {
        break;
      }
      if (t instanceof HttpErrorException h) {
        return h.getErrorCode();
      }
      java.util.regex.Matcher m =
          java.util.regex.Pattern.compile("\\b([45]\\d\\d)\\b")
              .matcher(String.valueOf(t.getMessage()));
      if (m.find()) {
        return Integer.parseInt(m.group(1));
      }
    }
    throw new AssertionError("the server did not refuse the agent within 15 s");
  }

  /** Reports the config as applied and the YAML it now runs. */
  public void applied(AgentRemoteConfig config, String effectiveYaml) {
    effective.set(effectiveYaml);
    client.setRemoteConfigStatus(
        new RemoteConfigStatus.Builder()
            .last_remote_config_hash(config.config_hash)
            .status(RemoteConfigStatuses.RemoteConfigStatuses_APPLIED)
            .build());
  }

  @Override
  public void close() {
    try {
      client.close();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The effective config the agent reports; notifying makes the client send it. */
  static final class Effective extends State.EffectiveConfig {
    private volatile opamp.proto.EffectiveConfig current = config("");

    void set(String yaml) {
      current = config(yaml);
      notifyUpdate();
    }

    private static opamp.proto.EffectiveConfig config(String yaml) {
      return new opamp.proto.EffectiveConfig.Builder()
          .config_map(
              new AgentConfigMap.Builder()
                  .config_map(
                      Map.of(
                          "",
                          new AgentConfigFile.Builder().body(ByteString.encodeUtf8(yaml)).build()))
                  .build())
          .build();
    }

    @Override
    public opamp.proto.EffectiveConfig get() {
      return current;
    }
  }

  /** Sees every response and failure; adds capability bits to every request. */
  /**
   * Uses the Authorization offered in OpAMP connection settings from now on, as the supervisor
   * does: once a collector holds its own credential, its enrollment token no longer authenticates
   * it.
   */
  private void adoptOfferedCredential(ServerToAgent message) {
    if (message.connection_settings == null || message.connection_settings.opamp == null) {
      return;
    }
    var headers = message.connection_settings.opamp.headers;
    if (headers == null) {
      return;
    }
    for (var header : headers.headers) {
      if (header.key.equalsIgnoreCase("Authorization") && header.value.startsWith("Bearer ")) {
        bearer.set(header.value.substring("Bearer ".length()));
      }
    }
  }

  private final class Observing implements RequestService {
    private final RequestService delegate;
    private final long extra;

    Observing(RequestService delegate, long extra) {
      this.delegate = delegate;
      this.extra = extra;
    }

    @Override
    public void start(Callback callback, Supplier<Request> requests) {
      delegate.start(
          new Callback() {
            @Override
            public void onConnectionSuccess() {
              callback.onConnectionSuccess();
            }

            @Override
            public void onConnectionFailed(Throwable t) {
              failures.add(t);
              callback.onConnectionFailed(t);
            }

            @Override
            public void onRequestSuccess(Response response) {
              ServerToAgent message = response.getServerToAgent();
              adoptOfferedCredential(message);
              responses.add(message);
              callback.onRequestSuccess(response);
            }

            @Override
            public void onRequestFailed(Throwable t) {
              failures.add(t);
              callback.onRequestFailed(t);
            }
          },
          () -> {
            Request r = requests.get();
            if (extra == 0) {
              return r;
            }
            AgentToServer m = r.getAgentToServer();
            return Request.create(m.newBuilder().capabilities(m.capabilities | extra).build());
          });
    }

    @Override
    public void sendRequest() {
      delegate.sendRequest();
    }

    @Override
    public void stop() {
      delegate.stop();
    }
  }
}
