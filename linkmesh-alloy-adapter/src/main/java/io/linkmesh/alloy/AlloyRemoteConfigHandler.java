package io.linkmesh.alloy;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import com.google.protobuf.Message;
import io.linkmesh.alloy.internal.Bodies;
import io.linkmesh.alloy.internal.Codec;
import io.linkmesh.alloy.internal.ConnectCode;
import io.linkmesh.alloy.internal.ConnectError;
import io.linkmesh.alloy.internal.Credentials;
import io.linkmesh.alloy.internal.PollTracker;
import io.linkmesh.alloy.internal.PollingAgentNotifier;
import io.linkmesh.domain.config.DesiredConfig;
import io.linkmesh.domain.fleet.CollectorId;
import io.linkmesh.domain.fleet.CollectorRuntime;
import io.linkmesh.domain.fleet.ConfigHash;
import io.linkmesh.domain.fleet.EffectiveConfig;
import io.linkmesh.domain.fleet.RemoteConfigStatus;
import io.linkmesh.domain.fleet.Transport;
import io.linkmesh.domain.port.in.AuthenticateCollectorCommand;
import io.linkmesh.domain.port.in.AuthenticateCollectorUseCase;
import io.linkmesh.domain.port.in.CollectorAuthentication;
import io.linkmesh.domain.port.in.ConnectCollectorCommand;
import io.linkmesh.domain.port.in.ConnectCollectorUseCase;
import io.linkmesh.domain.port.in.ConnectOutcome;
import io.linkmesh.domain.port.in.DisconnectCollectorCommand;
import io.linkmesh.domain.port.in.DisconnectCollectorUseCase;
import io.linkmesh.domain.port.in.Refusal;
import io.linkmesh.domain.port.in.ReportCollectorStatusCommand;
import io.linkmesh.domain.port.in.ReportCollectorStatusUseCase;
import io.linkmesh.domain.port.in.StatusOutcome;
import io.linkmesh.domain.port.out.AgentNotifier;
import io.linkmesh.domain.port.out.ServerMetrics;
import io.linkmesh.domain.port.out.StoreException;
import io.linkmesh.jetty.Body;
import io.linkmesh.jetty.InFlightLimit;
import io.linkmesh.jetty.RequestBodies;
import io.linkmesh.wire.alloy.proto.AgentConfigFile;
import io.linkmesh.wire.alloy.proto.GetConfigRequest;
import io.linkmesh.wire.alloy.proto.GetConfigResponse;
import io.linkmesh.wire.alloy.proto.RegisterCollectorRequest;
import io.linkmesh.wire.alloy.proto.RegisterCollectorResponse;
import io.linkmesh.wire.alloy.proto.UnregisterCollectorRequest;
import io.linkmesh.wire.alloy.proto.UnregisterCollectorResponse;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of Grafana Alloy's {@code remotecfg}: {@code POST
 * <prefix>/collector.v1.CollectorService/{GetConfig,RegisterCollector,UnregisterCollector}} in the
 * Connect unary protocol, binary ({@code application/proto}, what Alloy sends) and JSON ({@code
 * application/json}), with gzip request bodies, as a Jetty 12 core {@link Handler}. Requests for
 * other paths are declined ({@code false}) so the handler can sit in a {@code Handler.Sequence}.
 *
 * <p>It only translates: every call is authenticated ({@code Authorization: Bearer <token>}, or
 * Basic with the token as password), then handed to the domain's use cases. A GetConfig from a
 * collector not seen before registers it with a valid enrollment token (Alloy calls GetConfig
 * before RegisterCollector). The answer is the collector's desired Alloy document and its SHA-256
 * hash, or {@code not_modified} when Alloy already holds that hash. When no config matches, the
 * answer is a comment-only document ({@link #NOTHING_MATCHES}), never empty content: Alloy ignores
 * empty content and would keep running the previous remote pipeline.
 *
 * <pre>{@code
 * AlloyRemoteConfigHandler alloy = AlloyRemoteConfigHandler.builder()
 *     .fleet(domain.fleet())
 *     .build();
 * domain.fleet().addNotifier(alloy.notifier());
 * }</pre>
 */
public final class AlloyRemoteConfigHandler extends Handler.Abstract {

  private static final Logger LOG = LoggerFactory.getLogger(AlloyRemoteConfigHandler.class);

  /** The Connect service name; paths are {@code <prefix>/collector.v1.CollectorService/<rpc>}. */
  public static final String SERVICE = "collector.v1.CollectorService";

  /** Largest request body accepted by default (after gzip decompression), 8 MiB. */
  public static final int DEFAULT_MAX_REQUEST_BYTES = 8 * 1024 * 1024;

  /**
   * What a collector that no {@code alloy} config matches receives: a valid config that runs no
   * components. Alloy loads it, so a pipeline delivered earlier stops, and reports APPLIED.
   */
  public static final String NOTHING_MATCHES =
      "// LinkMesh: no alloy config matches this collector (by its attributes and labels).\n"
          + "// This comment-only config is sent on purpose: it runs no remote components.\n";

  /** Calls one credential may have in flight by default. */
  public static final int DEFAULT_MAX_IN_FLIGHT_PER_CLIENT = 4;

  /** Smaller answers are sent uncompressed even to clients that accept gzip. */
  static final int GZIP_MIN_BYTES = 1024;

  private static final String NOTHING_MATCHES_HASH = sha256(NOTHING_MATCHES);

  private final AuthenticateCollectorUseCase authenticate;
  private final ConnectCollectorUseCase connect;
  private final ReportCollectorStatusUseCase report;
  private final DisconnectCollectorUseCase disconnect;
  private final Clock clock;
  private final String servicePath;
  private final RequestBodies bodies;
  private final InFlightLimit inFlight;
  private final ServerMetrics metrics;
  private final PollTracker polls = new PollTracker();
  private final AgentNotifier notifier = new PollingAgentNotifier(polls);

  private AlloyRemoteConfigHandler(Builder builder) {
    this.authenticate = requireNonNull(builder.authenticate, "authenticate");
    this.connect = requireNonNull(builder.connect, "connect");
    this.report = requireNonNull(builder.report, "report");
    this.disconnect = requireNonNull(builder.disconnect, "disconnect");
    this.clock = builder.clock;
    this.servicePath = builder.pathPrefix + "/" + SERVICE + "/";
    this.bodies = builder.bodies.maxBytes(builder.maxRequestBytes).build();
    addBean(bodies);
    this.inFlight = InFlightLimit.of(builder.maxInFlightPerClient);
    this.metrics = builder.metrics;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * The notifier to register with the domain ({@code domain.fleet().addNotifier(...)}): Alloy
   * polls, so it pushes nothing and only forgets a deregistered collector's poll history.
   */
  public AgentNotifier notifier() {
    return notifier;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    String path = Request.getPathInContext(request);
    if (!path.startsWith(servicePath)) {
      return false;
    }
    String rpc = path.substring(servicePath.length());
    if (rpc.length() > 64) {
      rpc = rpc.substring(0, 64) + "...";
    }
    rpc = rpc.replaceAll("\\p{Cntrl}", "?"); // it is echoed in logs and error messages
    String name = rpc;
    Call call;
    try {
      call = prepare(rpc, request, response);
    } catch (RuntimeException e) {
      writeError(request, response, callback, connectError(name, request, e), true);
      return true;
    }
    InFlightLimit.Permit permit = inFlight.tryAcquire(call.client());
    if (permit == null) {
      response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
      writeError(
          request,
          response,
          callback,
          new ConnectError(
              ConnectCode.RESOURCE_EXHAUSTED,
              "more than "
                  + inFlight.perClient()
                  + " calls of this credential are in flight; retry shortly"),
          true);
      return true;
    }
    Callback done = permit.releaseWhenDone(callback);
    // The body arrives without holding a thread; the call is served once it is all here.
    bodies.read(
        request,
        body -> {
          if (body instanceof Body.Broken broken) {
            LOG.debug("remotecfg {} body from {} did not arrive", name, call.address());
            done.failed(broken.cause());
            return;
          }
          if (!(body instanceof Body.Read read)) {
            writeError(request, response, done, bodyError(body), body instanceof Body.TooLarge);
            return;
          }
          try {
            byte[] answer = serve(call, read.bytes(), response);
            if (answer.length >= GZIP_MIN_BYTES
                && Bodies.acceptsGzip(request.getHeaders().get(HttpHeader.ACCEPT_ENCODING))) {
              answer = Bodies.gzip(answer);
              response.getHeaders().put(HttpHeader.CONTENT_ENCODING, "gzip");
            }
            response.setStatus(200);
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, answer.length);
            response.write(true, ByteBuffer.wrap(answer), done);
          } catch (RuntimeException e) {
            writeError(request, response, done, connectError(name, request, e), false);
          }
        });
    return true;
  }

  /** An authenticated call whose body is still to be read. */
  private record Call(
      String rpc, Codec codec, CollectorAuthentication auth, String address, String client) {}

  /** The Connect error for a failure, logged at the level it deserves. */
  private static ConnectError connectError(String rpc, Request request, RuntimeException failure) {
    if (failure instanceof ConnectError e) {
      if (e.code() == ConnectCode.UNAUTHENTICATED || e.code() == ConnectCode.PERMISSION_DENIED) {
        LOG.info(
            "remotecfg {} from {} refused: {}",
            rpc,
            Request.getRemoteAddr(request),
            e.getMessage());
      } else {
        LOG.debug("remotecfg {} answered {}: {}", rpc, e.code().wireName(), e.getMessage());
      }
      return e;
    }
    if (failure instanceof StoreException) {
      LOG.warn("remotecfg {} could not reach the store", rpc, failure);
      return new ConnectError(
          ConnectCode.UNAVAILABLE, "the config store is unavailable; retry later");
    }
    LOG.error("remotecfg {} failed", rpc, failure);
    return new ConnectError(ConnectCode.INTERNAL, "internal error; see the server log");
  }

  private static ConnectError bodyError(Body body) {
    if (body instanceof Body.TooLarge tooLarge) {
      return new ConnectError(
          ConnectCode.RESOURCE_EXHAUSTED,
          "request body is larger than the limit of " + tooLarge.limit() + " bytes");
    }
    if (body instanceof Body.TooSlow slow) {
      return new ConnectError(
          ConnectCode.DEADLINE_EXCEEDED,
          408,
          "request body arrived slower than " + slow.minBytesPerSecond() + " bytes per second");
    }
    if (body instanceof Body.UnsupportedEncoding unsupported) {
      return new ConnectError(
          ConnectCode.UNIMPLEMENTED,
          "content encoding '"
              + unsupported.encoding()
              + "' is not supported; use gzip or identity");
    }
    return new ConnectError(ConnectCode.INVALID_ARGUMENT, ((Body.Malformed) body).reason());
  }

  /** Everything the headers decide: the method, the codec, the caller. Throws error answers. */
  private Call prepare(String rpc, Request request, Response response) {
    if (!rpc.equals("GetConfig")
        && !rpc.equals("RegisterCollector")
        && !rpc.equals("UnregisterCollector")) {
      throw new ConnectError(
          ConnectCode.UNIMPLEMENTED, 404, "unknown method " + SERVICE + "/" + rpc);
    }
    if (!HttpMethod.POST.is(request.getMethod())) {
      response.getHeaders().put(HttpHeader.ALLOW, "POST");
      throw new ConnectError(
          ConnectCode.UNIMPLEMENTED,
          405,
          "Connect unary calls use POST, not " + request.getMethod());
    }
    String contentType = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
    Codec codec = (contentType == null ? null : Codec.forContentType(contentType).orElse(null));
    if (codec == null) {
      response.getHeaders().put("Accept-Post", "application/proto, application/json");
      throw new ConnectError(
          ConnectCode.UNIMPLEMENTED,
          415,
          "unsupported content type '"
              + (contentType == null ? "" : contentType)
              + "'; use application/proto or application/json");
    }
    String version = request.getHeaders().get("Connect-Protocol-Version");
    if (version != null && !version.strip().equals("1")) {
      throw new ConnectError(
          ConnectCode.INVALID_ARGUMENT, "unsupported Connect-Protocol-Version '" + version + "'");
    }
    metrics.messageReceived(CollectorRuntime.ALLOY);
    CollectorAuthentication auth = authenticate(request);
    String client =
        auth instanceof CollectorAuthentication.Credential credential
            ? "collector " + credential.collector()
            : "token " + ((CollectorAuthentication.Enrollment) auth).tokenId();
    return new Call(rpc, codec, auth, Request.getRemoteAddr(request), client);
  }

  private byte[] serve(Call call, byte[] body, Response response) {
    Codec codec = call.codec();
    CollectorAuthentication auth = call.auth();
    String address = call.address();
    Message answer;
    try {
      switch (call.rpc()) {
        case "GetConfig":
          answer =
              getConfig(codec.decode(body, GetConfigRequest.newBuilder()).build(), auth, address);
          break;
        case "RegisterCollector":
          answer =
              register(
                  codec.decode(body, RegisterCollectorRequest.newBuilder()).build(), auth, address);
          break;
        default:
          answer =
              unregister(codec.decode(body, UnregisterCollectorRequest.newBuilder()).build(), auth);
      }
    } catch (IllegalArgumentException e) {
      // Domain values refuse out-of-bounds client data (attribute counts, sizes) with an IAE.
      throw new ConnectError(ConnectCode.INVALID_ARGUMENT, e.getMessage());
    }
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, codec.contentType());
    metrics.messageSent(CollectorRuntime.ALLOY);
    return codec.encode(answer);
  }

  private CollectorAuthentication authenticate(Request request) {
    String token =
        Credentials.token(request.getHeaders().get(HttpHeader.AUTHORIZATION))
            .orElseThrow(
                () ->
                    new ConnectError(
                        ConnectCode.UNAUTHENTICATED,
                        "missing credentials: send Authorization: Bearer <token> (or Basic with"
                            + " the token as password)"));
    CollectorAuthentication auth =
        authenticate.authenticate(new AuthenticateCollectorCommand(token));
    if (auth instanceof CollectorAuthentication.Refused refused) {
      throw refusal(refused.reason(), refused.message());
    }
    return auth;
  }

  private GetConfigResponse getConfig(
      GetConfigRequest request, CollectorAuthentication auth, String address) {
    CollectorId id = collectorId(request.getId());
    Instant now = clock.instant();
    Duration interval = polls.interval(id, now);
    ConnectOutcome.Connected connected =
        connected(
            auth,
            id,
            null,
            attributes(request.getLocalAttributesMap(), request.getAttributesMap()),
            interval,
            address);
    polls.record(id, now);
    if (connected.registered()) {
      LOG.info("Alloy collector {} registered on its first GetConfig from {}", id, address);
    }
    DesiredConfig desired = connected.desired();
    if (request.hasRemoteConfigStatus() || request.hasEffectiveConfig()) {
      StatusOutcome outcome =
          report.report(
              ReportCollectorStatusCommand.builder(id)
                  .effectiveConfig(
                      request.hasEffectiveConfig() ? effectiveConfig(id, request) : null)
                  .remoteConfigStatus(request.hasRemoteConfigStatus() ? status(request) : null)
                  .build());
      if (outcome instanceof StatusOutcome.Accepted accepted) {
        desired = accepted.desired();
      }
    }
    String content = desired == null ? NOTHING_MATCHES : desired.document();
    String hash = desired == null ? NOTHING_MATCHES_HASH : desired.hash().hex();
    if (hash.equals(request.getHash())) {
      return GetConfigResponse.newBuilder().setHash(hash).setNotModified(true).build();
    }
    LOG.debug("sending config {} to Alloy collector {}", hash, id);
    metrics.configPushed(CollectorRuntime.ALLOY);
    return GetConfigResponse.newBuilder().setContent(content).setHash(hash).build();
  }

  private RegisterCollectorResponse register(
      RegisterCollectorRequest request, CollectorAuthentication auth, String address) {
    CollectorId id = collectorId(request.getId());
    String name = request.getName().isBlank() ? null : request.getName();
    ConnectOutcome.Connected connected =
        connected(
            auth,
            id,
            name,
            attributes(request.getLocalAttributesMap(), request.getAttributesMap()),
            polls.interval(id, clock.instant()),
            address);
    if (connected.registered()) {
      LOG.info("Alloy collector {} registered from {}", id, address);
    }
    return RegisterCollectorResponse.getDefaultInstance();
  }

  private UnregisterCollectorResponse unregister(
      UnregisterCollectorRequest request, CollectorAuthentication auth) {
    CollectorId id = collectorId(request.getId());
    if (auth instanceof CollectorAuthentication.Credential credential
        && !credential.collector().equals(id)) {
      throw refusal(Refusal.WRONG_COLLECTOR, "this credential belongs to another collector");
    }
    if (auth instanceof CollectorAuthentication.Enrollment enrollment
        && !enrollment.enrolled().contains(id)) {
      throw new ConnectError(
          ConnectCode.NOT_FOUND, "collector " + id + " is not registered with this token");
    }
    disconnect.disconnect(
        new DisconnectCollectorCommand(
            id, DisconnectCollectorCommand.Reason.UNREGISTERED, "Alloy UnregisterCollector"));
    polls.forget(id);
    LOG.info("Alloy collector {} unregistered", id);
    return UnregisterCollectorResponse.getDefaultInstance();
  }

  /** Connects an Alloy collector (GetConfig and RegisterCollector both do); throws a refusal. */
  private ConnectOutcome.Connected connected(
      CollectorAuthentication auth,
      CollectorId id,
      @Nullable String name,
      Map<String, String> attributes,
      Duration interval,
      String address) {
    ConnectOutcome outcome =
        connect.connect(
            new ConnectCollectorCommand(
                auth,
                id,
                CollectorRuntime.ALLOY,
                Transport.REMOTECFG,
                name,
                attributes,
                ConnectCollectorCommand.CredentialRequest.NONE,
                interval,
                address));
    if (outcome instanceof ConnectOutcome.Refused refused) {
      throw refusal(refused.reason(), refused.message());
    }
    return (ConnectOutcome.Connected) outcome;
  }

  /**
   * The Connect error for a domain refusal. The HTTP status is the one OpAMP answers with (410 for
   * a used-up token where Connect's own would be 403), so a collector is told the same either way.
   */
  private static ConnectError refusal(Refusal reason, String message) {
    return switch (reason) {
      case USED_UP -> new ConnectError(ConnectCode.PERMISSION_DENIED, 410, message);
      case WRONG_COLLECTOR -> new ConnectError(ConnectCode.PERMISSION_DENIED, message);
      case UNAVAILABLE -> new ConnectError(ConnectCode.UNAVAILABLE, message);
      case UNAUTHENTICATED, EXPIRED, REVOKED, DEREGISTERED ->
          new ConnectError(ConnectCode.UNAUTHENTICATED, message);
    };
  }

  private static CollectorId collectorId(String id) {
    if (id.isEmpty()) {
      throw new ConnectError(ConnectCode.INVALID_ARGUMENT, "id is required");
    }
    if (!CollectorId.isValid(id)) {
      throw new ConnectError(
          ConnectCode.INVALID_ARGUMENT,
          "id must be 1-"
              + CollectorId.MAX_LENGTH
              + " characters of [A-Za-z0-9._:@-] starting with a letter or digit");
    }
    return CollectorId.of(id);
  }

  /** Current Alloy sends {@code local_attributes}; older versions the deprecated map. */
  private static Map<String, String> attributes(
      Map<String, String> local, Map<String, String> deprecated) {
    return local.isEmpty() ? deprecated : local;
  }

  private static RemoteConfigStatus status(GetConfigRequest request) {
    io.linkmesh.wire.alloy.proto.RemoteConfigStatus status = request.getRemoteConfigStatus();
    RemoteConfigStatus.State state;
    switch (status.getStatus()) {
      case RemoteConfigStatuses_APPLIED:
        state = RemoteConfigStatus.State.APPLIED;
        break;
      case RemoteConfigStatuses_APPLYING:
        state = RemoteConfigStatus.State.APPLYING;
        break;
      case RemoteConfigStatuses_FAILED:
        state = RemoteConfigStatus.State.FAILED;
        break;
      default:
        state = RemoteConfigStatus.State.UNSET;
    }
    // Alloy's status carries no hash; the hash it sends is the last one we gave it, which is
    // what it applied (or failed to).
    String hash = request.getHash();
    ConfigHash lastHash = isHash(hash) ? new ConfigHash(hash) : null;
    return new RemoteConfigStatus(state, status.getErrorMessage(), lastHash);
  }

  private static @Nullable EffectiveConfig effectiveConfig(
      CollectorId id, GetConfigRequest request) {
    Map<String, String> files = new LinkedHashMap<>();
    long total = 0;
    for (Map.Entry<String, AgentConfigFile> e :
        request.getEffectiveConfig().getConfigMap().getConfigMapMap().entrySet()) {
      String body = e.getValue().getBody().toString(UTF_8);
      total += e.getKey().length() + body.length();
      files.put(e.getKey(), body);
    }
    if (total > EffectiveConfig.MAX_TOTAL_CHARS) {
      LOG.warn(
          "Alloy collector {} reported an effective config of {} characters; not recorded",
          id,
          total);
      return null;
    }
    return new EffectiveConfig(files);
  }

  private static boolean isHash(String hex) {
    if (hex.isEmpty() || hex.length() > ConfigHash.MAX_HEX_LENGTH || hex.length() % 2 != 0) {
      return false;
    }
    for (int i = 0; i < hex.length(); i++) {
      char c = hex.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  /**
   * @param unread the body was not read (refused before, or too large): the answer goes out at once
   *     and the rest of the body is discarded without a thread, so the client reads the answer
   *     rather than a connection reset
   */
  private void writeError(
      Request request, Response response, Callback callback, ConnectError error, boolean unread) {
    byte[] body = error.toJson().getBytes(UTF_8);
    response.setStatus(error.httpStatus());
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    Callback done = callback;
    if (unread && request.getLength() != 0) {
      response.getHeaders().put(HttpHeader.CONNECTION, "close");
      done = bodies.discardAfter(request, callback);
    } else if (error.httpStatus() == 408) {
      response.getHeaders().put(HttpHeader.CONNECTION, "close");
    }
    response.write(true, ByteBuffer.wrap(body), done);
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** Options of {@link AlloyRemoteConfigHandler}; the four use cases are required. */
  public static final class Builder {
    private @Nullable AuthenticateCollectorUseCase authenticate;
    private @Nullable ConnectCollectorUseCase connect;
    private @Nullable ReportCollectorStatusUseCase report;
    private @Nullable DisconnectCollectorUseCase disconnect;
    private Clock clock = Clock.systemUTC();
    private String pathPrefix = "";
    private int maxRequestBytes = DEFAULT_MAX_REQUEST_BYTES;
    private ServerMetrics metrics = ServerMetrics.noop();
    private final RequestBodies.Builder bodies = RequestBodies.builder();
    private int maxInFlightPerClient = DEFAULT_MAX_IN_FLIGHT_PER_CLIENT;

    private Builder() {}

    /**
     * A request body must arrive at {@code bytesPerSecond} on average once {@code grace} has passed
     * (default 1 KiB/s after 10 s), else {@code deadline_exceeded} (408) and the connection closes;
     * 0 turns it off.
     */
    public Builder minDataRate(long bytesPerSecond, Duration grace) {
      bodies.minDataRate(bytesPerSecond, grace);
      return this;
    }

    /**
     * Calls one credential (a collector's own, or an enrollment token) may have in flight (default
     * 4; Alloy makes one call at a time). More answer {@code resource_exhausted} at once.
     */
    public Builder maxInFlightPerClient(int calls) {
      if (calls < 1 || calls > 10_000) {
        throw new IllegalArgumentException("maxInFlightPerClient must be 1-10000: " + calls);
      }
      this.maxInFlightPerClient = calls;
      return this;
    }

    /**
     * Where to report calls and config deliveries (default: nowhere); pass the server's metrics so
     * {@code /api/v1/metrics} shows them.
     */
    public Builder metrics(ServerMetrics metrics) {
      this.metrics = requireNonNull(metrics, "metrics");
      return this;
    }

    /** All four collector use cases from one object, such as the domain's fleet service. */
    public <
            F extends
                AuthenticateCollectorUseCase & ConnectCollectorUseCase
                    & ReportCollectorStatusUseCase & DisconnectCollectorUseCase>
        Builder fleet(F fleet) {
      requireNonNull(fleet, "fleet");
      return authenticate(fleet).connect(fleet).report(fleet).disconnect(fleet);
    }

    public Builder authenticate(AuthenticateCollectorUseCase useCase) {
      this.authenticate = requireNonNull(useCase, "useCase");
      return this;
    }

    public Builder connect(ConnectCollectorUseCase useCase) {
      this.connect = requireNonNull(useCase, "useCase");
      return this;
    }

    public Builder report(ReportCollectorStatusUseCase useCase) {
      this.report = requireNonNull(useCase, "useCase");
      return this;
    }

    public Builder disconnect(DisconnectCollectorUseCase useCase) {
      this.disconnect = requireNonNull(useCase, "useCase");
      return this;
    }

    /** The clock that times polls (to learn each collector's poll interval). */
    public Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock");
      return this;
    }

    /**
     * A routing prefix: the path part of Alloy's {@code remotecfg.url}, e.g. {@code /alloy} for
     * {@code url = "https://host/alloy"}. Default none.
     */
    public Builder pathPrefix(String prefix) {
      requireNonNull(prefix, "prefix");
      String p = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
      if (!p.isEmpty() && !p.startsWith("/")) {
        throw new IllegalArgumentException("path prefix must start with '/': '" + prefix + "'");
      }
      this.pathPrefix = p;
      return this;
    }

    /** Largest request body accepted (after decompression); larger answers resource_exhausted. */
    public Builder maxRequestBytes(int bytes) {
      if (bytes < 1024) {
        throw new IllegalArgumentException("maxRequestBytes must be at least 1024: " + bytes);
      }
      this.maxRequestBytes = bytes;
      return this;
    }

    public AlloyRemoteConfigHandler build() {
      return new AlloyRemoteConfigHandler(this);
    }
  }
}
