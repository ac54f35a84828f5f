package io.linkmesh.sim;

import io.opentelemetry.opamp.client.OpampClient;
import io.opentelemetry.opamp.client.internal.connectivity.websocket.OkHttpWebSocket;
import io.opentelemetry.opamp.client.internal.request.Request;
import io.opentelemetry.opamp.client.internal.request.delay.PeriodicDelay;
import io.opentelemetry.opamp.client.internal.request.service.WebSocketRequestService;
import io.opentelemetry.opamp.client.internal.response.MessageData;
import io.opentelemetry.opamp.client.internal.state.State;
import io.opentelemetry.opamp.client.request.service.RequestService;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
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
import org.jspecify.annotations.Nullable;

/**
 * The real Java OpAMP client from Maven Central (PROTOCOLS.md E.2) over WebSocket, as the reference
 * peer for the simulator's conformance test. Its RequestService is wrapped to add capability bits
 * it cannot declare itself (as in linkmesh-opamp-adapter's tests).
 */
final class JavaOpampAgent implements AutoCloseable {
  final BlockingQueue<AgentRemoteConfig> configs = new LinkedBlockingQueue<>();
  final BlockingQueue<ServerErrorResponse> errors = new LinkedBlockingQueue<>();
  private final Effective effective = new Effective();
  final OpampClient client;

  JavaOpampAgent(URI endpoint, byte[] uid, String bearer, long extraCapabilities) {
    OkHttpClient http =
        new OkHttpClient.Builder()
            .addInterceptor(
                chain ->
                    chain.proceed(
                        chain
                            .request()
                            .newBuilder()
                            .header("Authorization", "Bearer " + bearer)
                            .build()))
            .build();
    RequestService transport =
        WebSocketRequestService.create(
            OkHttpWebSocket.create(endpoint.toString(), http),
            PeriodicDelay.ofFixedDuration(Duration.ofMillis(200)));
    client =
        OpampClient.builder()
            .setRequestService(new ExtraCapabilities(transport, extraCapabilities))
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
                  public void onConnectFailed(OpampClient c, @Nullable Throwable t) {}

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

  AgentRemoteConfig nextConfig() throws InterruptedException {
    AgentRemoteConfig c = configs.poll(15, TimeUnit.SECONDS);
    if (c == null) {
      throw new AssertionError("no remote config within 15 s");
    }
    return c;
  }

  /** Reports the config as applied and the YAML it now runs, as the supervisor would. */
  void applied(AgentRemoteConfig config, String effectiveYaml) {
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

  /** Adds capability bits to every request. */
  private static final class ExtraCapabilities implements RequestService {
    private final RequestService delegate;
    private final long extra;

    ExtraCapabilities(RequestService delegate, long extra) {
      this.delegate = delegate;
      this.extra = extra;
    }

    @Override
    public void start(Callback callback, Supplier<Request> requests) {
      delegate.start(
          callback,
          () -> {
            Request r = requests.get();
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
