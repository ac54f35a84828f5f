package io.linkmesh.http;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.linkmesh.domain.enrollment.Role;
import io.linkmesh.domain.port.in.ApiTokenQueries;
import io.linkmesh.domain.port.in.AuditQueries;
import io.linkmesh.domain.port.in.AuthenticateOperatorCommand;
import io.linkmesh.domain.port.in.AuthenticateOperatorUseCase;
import io.linkmesh.domain.port.in.CheckEnrollmentTokenUseCase;
import io.linkmesh.domain.port.in.ConfigQueries;
import io.linkmesh.domain.port.in.DeleteConfigUseCase;
import io.linkmesh.domain.port.in.DeregisterCollectorUseCase;
import io.linkmesh.domain.port.in.EnrollmentQueries;
import io.linkmesh.domain.port.in.FindDesiredConfigUseCase;
import io.linkmesh.domain.port.in.FirewallQueries;
import io.linkmesh.domain.port.in.FleetQueries;
import io.linkmesh.domain.port.in.MintApiTokenUseCase;
import io.linkmesh.domain.port.in.MintEnrollmentTokenUseCase;
import io.linkmesh.domain.port.in.OperatorAuthentication;
import io.linkmesh.domain.port.in.PutConfigUseCase;
import io.linkmesh.domain.port.in.RestoreRevisionUseCase;
import io.linkmesh.domain.port.in.RevisionQueries;
import io.linkmesh.domain.port.in.RevokeApiTokenUseCase;
import io.linkmesh.domain.port.in.RevokeEnrollmentTokenUseCase;
import io.linkmesh.domain.port.in.SetCollectorLabelsUseCase;
import io.linkmesh.domain.port.in.ThroughputQueries;
import io.linkmesh.domain.port.out.StoreException;
import io.linkmesh.domain.revision.InvalidStateException;
import io.linkmesh.http.internal.ApiException;
import io.linkmesh.http.internal.ApiTokenRoutes;
import io.linkmesh.http.internal.AuditRoutes;
import io.linkmesh.http.internal.Call;
import io.linkmesh.http.internal.CollectorRoutes;
import io.linkmesh.http.internal.ConfigRoutes;
import io.linkmesh.http.internal.EnrollmentTokenRoutes;
import io.linkmesh.http.internal.FirewallRoutes;
import io.linkmesh.http.internal.Json;
import io.linkmesh.http.internal.Reply;
import io.linkmesh.http.internal.RevisionRoutes;
import io.linkmesh.http.internal.Router;
import io.linkmesh.http.internal.SessionRoutes;
import io.linkmesh.http.internal.Sessions;
import io.linkmesh.http.internal.SystemRoutes;
import io.linkmesh.http.internal.ThroughputRoutes;
import io.linkmesh.http.internal.UseCases;
import io.linkmesh.jetty.Body;
import io.linkmesh.jetty.InFlightLimit;
import io.linkmesh.jetty.RequestBodies;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The LinkMesh REST API, {@code /api/v1/...}, as one Jetty core handler. Requests outside {@code
 * /api/v1} are left to the next handler (it returns {@code false}).
 *
 * <p>Every request needs {@code Authorization: Bearer <api token>} (the admin token or an API
 * token): without a valid one the answer is 401; with too little role (viewer reads; operator also
 * changes configs, labels, enrollment tokens and deregisters; admin also manages API tokens) it is
 * 403. Errors are {@code {"error": {"code": "...", "message": "..."}}}; client mistakes are never
 * answered with 500.
 *
 * <pre>{@code
 * RestApi api = RestApi.builder()
 *     .operators(domain.operators())
 *     .enrollment(domain.enrollment())
 *     .fleet(domain.fleet())
 *     .configs(domain.configs())
 *     .metrics(metrics)
 *     .externalUrl(URI.create("https://linkmesh.example"))
 *     .bootstrapSnippets(snippets)
 *     .build();
 * server.setHandler(new Handler.Sequence(api, opampHandler, ...));
 * }</pre>
 */
public final class RestApi extends Handler.Abstract {
  private static final Logger LOG = LoggerFactory.getLogger(RestApi.class);

  /** The path all routes live under. */
  public static final String BASE_PATH = "/api/v1";

  /** The default largest request body, in bytes. */
  public static final int DEFAULT_MAX_BODY_BYTES = 2 * 1024 * 1024;

  /** The default bound on one client's requests in flight (an API token, or an address). */
  public static final int DEFAULT_MAX_IN_FLIGHT_PER_CLIENT = 16;

  private static final int MAX_CREDENTIAL_LENGTH = 512;

  /** The header a state-changing request authenticated by the session cookie must carry. */
  public static final String CSRF_HEADER = "X-LinkMesh-Request";

  private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

  private final Router router;
  private final AuthenticateOperatorUseCase authenticator;
  private final PrometheusServerMetrics metrics;
  private final RequestBodies bodies;
  private final InFlightLimit inFlight;
  private final Sessions sessions;

  private RestApi(Builder b) {
    super(InvocationType.BLOCKING);
    UseCases.Operators operators = requireNonNull(b.operators, "operators");
    UseCases.Enrollment enrollment = requireNonNull(b.enrollment, "enrollment");
    UseCases.Fleet fleet = requireNonNull(b.fleet, "fleet");
    UseCases.Configs configs = requireNonNull(b.configs, "configs");
    this.authenticator = operators.authenticate();
    this.metrics = b.metrics;
    this.bodies = b.bodies.maxBytes(b.maxBodyBytes).build();
    addBean(bodies);
    this.inFlight = InFlightLimit.of(b.maxInFlightPerClient);
    Clock clock = b.clock;
    URI external = b.externalUrl;
    BootstrapSnippets snippets = b.bootstrapSnippets;
    this.sessions = new Sessions(clock, b.sessionIdle, b.sessionMaxAge, b.maxSessions);
    this.router = new Router();
    new SessionRoutes(
            authenticator,
            sessions,
            b.sessionMaxAge,
            external != null && "https".equalsIgnoreCase(external.getScheme()))
        .register(router);
    new EnrollmentTokenRoutes(enrollment.mint(), enrollment.revoke(), enrollment.tokens(), clock)
        .register(router);
    new CollectorRoutes(fleet.queries(), fleet.labels(), fleet.deregister(), fleet.desiredConfig())
        .register(router);
    new ThroughputRoutes(fleet.queries(), b.throughput).register(router);
    new FirewallRoutes(b.firewall).register(router);
    new ConfigRoutes(configs.put(), configs.delete(), configs.queries()).register(router);
    new RevisionRoutes(configs.revisions(), configs.restore()).register(router);
    new ApiTokenRoutes(operators.mintApiToken(), operators.revokeApiToken(), operators.apiTokens())
        .register(router);
    new AuditRoutes(operators.audit()).register(router);
    new SystemRoutes(
            metrics,
            fleet.queries(),
            enrollment.check(),
            snippets == null ? null : snippets::render,
            call -> external != null ? external : call.requestBase())
        .register(router);
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Every route this API serves, as {@code "METHOD /api/v1/path/{param}"} in OpenAPI path-template
   * syntax, in the order they were registered.
   */
  public List<String> routes() {
    return router.routes().stream().map(r -> r.method() + " " + BASE_PATH + r.template()).toList();
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    String path = Request.getPathInContext(request);
    if (!path.equals(BASE_PATH) && !path.startsWith(BASE_PATH + "/")) {
      return false;
    }
    Prepared prepared;
    try {
      prepared = prepare(request, path.substring(BASE_PATH.length()));
    } catch (RuntimeException e) {
      answerUnread(request, response, callback, failure(request, path, e));
      return true;
    }
    if (prepared instanceof Prepared.Answer answer) {
      answerUnread(request, response, callback, answer.reply());
      return true;
    }
    Prepared.Run run = (Prepared.Run) prepared;
    InFlightLimit.Permit permit = inFlight.tryAcquire(run.client());
    if (permit == null) {
      // Answered at once; its body is only thrown away after the answer, never buffered.
      Reply busy =
          error(
                  429,
                  "too_many_requests",
                  "more than "
                      + inFlight.perClient()
                      + " requests of this client are in flight; retry shortly",
                  null)
              .withHeader("Retry-After", "1");
      answerUnread(request, response, callback, busy);
      return true;
    }
    Callback done = permit.releaseWhenDone(callback);
    // The body arrives without holding a thread; the route runs once it is all here.
    bodies.read(
        request,
        body -> {
          Reply reply;
          if (body instanceof Body.Read read) {
            try {
              reply =
                  run.route()
                      .endpoint()
                      .handle(
                          new Call(
                              request, run.params(), run.operator(), run.address(), read.bytes()));
            } catch (RuntimeException e) {
              reply = failure(request, path, e);
            }
          } else if (body instanceof Body.Broken broken) {
            LOG.debug("The request body of {} {} did not arrive", request.getMethod(), path);
            done.failed(broken.cause());
            return;
          } else if (body instanceof Body.TooLarge) {
            answerUnread(request, response, done, bodyError(body));
            return;
          } else {
            reply = bodyError(body);
          }
          finish(reply, response, done);
        });
    return true;
  }

  /** What is known before the body is read: an answer already, or a route to run. */
  private sealed interface Prepared {
    record Answer(Reply reply) implements Prepared {}

    /**
     * @param client whose in-flight bound the request counts against
     */
    record Run(
        Router.Route route,
        Map<String, String> params,
        OperatorAuthentication.Operator operator,
        String address,
        String client)
        implements Prepared {}
  }

  /** Authenticates and routes from the request line and headers alone; throws error answers. */
  private Prepared prepare(Request request, String path) {
    String address = Request.getRemoteAddr(request);
    if (path.equals("/session") && request.getMethod().equals("POST")) {
      // logging in is the one thing done without a credential: bounded per address
      OperatorAuthentication.Operator anonymous =
          new OperatorAuthentication.Operator("anonymous", Role.VIEWER, "none");
      Router.Match.Found login = (Router.Match.Found) router.match("POST", path);
      return new Prepared.Run(login.route(), Map.of(), anonymous, address, "address " + address);
    }
    Authenticated caller = authenticate(request, address);
    OperatorAuthentication.Operator operator = caller.operator();
    if (caller.bySession()
        && !SAFE_METHODS.contains(request.getMethod())
        && !"1".equals(request.getHeaders().get(CSRF_HEADER))) {
      throw new ApiException(
          403,
          "csrf_header_missing",
          "a change made with the session cookie needs the header " + CSRF_HEADER + ": 1");
    }
    Router.Match match = router.match(request.getMethod(), path.isEmpty() ? "/" : path);
    if (match instanceof Router.Match.Missing) {
      throw ApiException.notFound("no such resource: " + abbreviate(BASE_PATH + path));
    }
    if (match instanceof Router.Match.WrongMethod wrong) {
      String allow = String.join(", ", wrong.allowed());
      return new Prepared.Answer(
          error(
                  405,
                  "method_not_allowed",
                  request.getMethod() + " is not allowed here; use " + allow,
                  null)
              .withHeader("Allow", allow));
    }
    Router.Match.Found found = (Router.Match.Found) match;
    if (!operator.role().allows(found.route().role())) {
      throw new ApiException(
          403,
          "forbidden",
          "this needs the "
              + found.route().role().wireName()
              + " role; "
              + operator.name()
              + " has "
              + operator.role().wireName());
    }
    return new Prepared.Run(
        found.route(), found.params(), operator, address, "token " + operator.tokenId());
  }

  /** The answer for an exception thrown while preparing or running a route. */
  private static Reply failure(Request request, String path, RuntimeException failure) {
    try {
      throw failure;
    } catch (ApiException e) {
      return error(e.status(), e.code(), e.getMessage(), e.details());
    } catch (StoreException e) {
      if (e.unavailable()) {
        LOG.warn("Store unavailable for {} {}: {}", request.getMethod(), path, e.getMessage());
        return error(503, "store_unavailable", "the store is unavailable: " + e.getMessage(), null);
      }
      LOG.error("Store failed for {} {}", request.getMethod(), path, e);
      return error(500, "store_failed", "the store failed; see the server log", null);
    } catch (InvalidStateException e) {
      LOG.error("Damaged stored state for {} {}", request.getMethod(), path, e);
      return error(500, "store_damaged", "the stored state is damaged; see the server log", null);
    } catch (IllegalArgumentException e) {
      LOG.debug("Refused {} {}: {}", request.getMethod(), path, e.getMessage());
      return error(400, "invalid_request", e.getMessage(), null);
    } catch (RuntimeException e) {
      LOG.error("Failed {} {}", request.getMethod(), path, e);
      return error(500, "internal", "internal error; see the server log", null);
    }
  }

  private Reply bodyError(Body body) {
    if (body instanceof Body.TooLarge tooLarge) {
      return closing(
          error(
              413,
              "payload_too_large",
              "the request body is larger than " + tooLarge.limit() + " bytes",
              null));
    }
    if (body instanceof Body.TooSlow slow) {
      return closing(
          error(
              408,
              "request_timeout",
              "the request body arrived slower than "
                  + slow.minBytesPerSecond()
                  + " bytes per second",
              null));
    }
    if (body instanceof Body.UnsupportedEncoding unsupported) {
      return error(
          415,
          "unsupported_encoding",
          "Content-Encoding '" + unsupported.encoding() + "' is not supported; use gzip or none",
          null);
    }
    return error(400, "invalid_request", ((Body.Malformed) body).reason(), null);
  }

  /**
   * Answers a request refused before its body was read (or once it passed the limit): the answer
   * goes out at once, then the rest of the body is discarded without a thread, so the client reads
   * the answer rather than a connection reset.
   */
  private void answerUnread(Request request, Response response, Callback callback, Reply reply) {
    if (request.getLength() == 0) {
      finish(reply, response, callback);
    } else {
      finish(closing(reply), response, bodies.discardAfter(request, callback));
    }
  }

  private static Reply closing(Reply reply) {
    return reply.withHeader("Connection", "close");
  }

  private void finish(Reply reply, Response response, Callback callback) {
    metrics.apiRequestAnswered(reply.status());
    write(reply, response, callback);
  }

  private record Authenticated(OperatorAuthentication.Operator operator, boolean bySession) {}

  private Authenticated authenticate(Request request, String address) {
    String header = request.getHeaders().get(HttpHeader.AUTHORIZATION);
    if (header == null) {
      String sessionId = SessionRoutes.cookieValue(request.getHeaders().get(HttpHeader.COOKIE));
      Optional<String> token = sessionId == null ? Optional.empty() : sessions.token(sessionId);
      if (token.isEmpty()) {
        throw unauthenticated(
            sessionId == null
                ? "send Authorization: Bearer <api token>"
                : "the session has ended; log in again");
      }
      OperatorAuthentication result =
          authenticator.authenticate(new AuthenticateOperatorCommand(token.get(), address));
      if (result instanceof OperatorAuthentication.Operator operator) {
        return new Authenticated(operator, true);
      }
      sessions.remove(sessionId);
      throw unauthenticated(((OperatorAuthentication.Refused) result).message());
    }
    String[] parts = header.strip().split("\\s+", 2);
    if (parts.length != 2
        || !parts[0].toLowerCase(Locale.ROOT).equals("bearer")
        || parts[1].isEmpty()
        || parts[1].length() > MAX_CREDENTIAL_LENGTH) {
      throw unauthenticated("send Authorization: Bearer <api token>");
    }
    OperatorAuthentication result =
        authenticator.authenticate(new AuthenticateOperatorCommand(parts[1], address));
    if (result instanceof OperatorAuthentication.Operator operator) {
      return new Authenticated(operator, false);
    }
    throw unauthenticated(((OperatorAuthentication.Refused) result).message());
  }

  private static ApiException unauthenticated(String message) {
    return new ApiException(401, "unauthenticated", message);
  }

  private static Reply error(
      int status, String code, @Nullable String message, @Nullable ObjectNode details) {
    Reply reply = Reply.json(status, Json.error(code, message == null ? code : message, details));
    if (status == 401) {
      reply = reply.withHeader("WWW-Authenticate", "Bearer realm=\"linkmesh\"");
    }
    return reply;
  }

  private static void write(Reply reply, Response response, Callback callback) {
    response.setStatus(reply.status());
    if (!reply.contentType().isEmpty()) {
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, reply.contentType());
    }
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    response.getHeaders().put("X-Content-Type-Options", "nosniff");
    reply.headers().forEach((name, value) -> response.getHeaders().put(name, value));
    response.write(true, ByteBuffer.wrap(reply.body()), callback);
  }

  private static String abbreviate(String s) {
    return s.length() <= 100 ? s : s.substring(0, 100) + "...";
  }

  /**
   * Options for {@link RestApi}; the use cases ({@link #operators}, {@link #enrollment}, {@link
   * #fleet}, {@link #configs}) are required.
   */
  public static final class Builder {
    private UseCases.@Nullable Operators operators;
    private UseCases.@Nullable Enrollment enrollment;
    private UseCases.@Nullable Fleet fleet;
    private UseCases.@Nullable Configs configs;
    private PrometheusServerMetrics metrics = PrometheusServerMetrics.create();
    private @Nullable BootstrapSnippets bootstrapSnippets;
    private @Nullable URI externalUrl;
    private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
    private Clock clock = Clock.systemUTC();
    private @Nullable ThroughputQueries throughput;
    private @Nullable FirewallQueries firewall;
    private Duration sessionIdle = Duration.ofMinutes(30);
    private Duration sessionMaxAge = Duration.ofHours(12);
    private int maxSessions = 1000;
    private final RequestBodies.Builder bodies = RequestBodies.builder();
    private int maxInFlightPerClient = DEFAULT_MAX_IN_FLIGHT_PER_CLIENT;

    private Builder() {}

    /**
     * A request body must arrive at {@code bytesPerSecond} on average once {@code grace} has passed
     * (default 1 KiB/s after 10 s), else 408 and the connection closes; 0 turns it off.
     */
    public Builder minDataRate(long bytesPerSecond, Duration grace) {
      bodies.minDataRate(bytesPerSecond, grace);
      return this;
    }

    /**
     * Requests one client may have in flight (default 16): an API token or session, or the address
     * for logins. More get 429 with {@code Retry-After} at once, their body unread.
     */
    public Builder maxInFlightPerClient(int requests) {
      if (requests < 1 || requests > 10_000) {
        throw new IllegalArgumentException(
            "maxInFlightPerClient must be from 1 to 10000: " + requests);
      }
      this.maxInFlightPerClient = requests;
      return this;
    }

    /**
     * Serves {@code GET /collectors/{id}/throughput}; without it that route answers 501. Usually
     * {@code domain.throughput()}.
     */
    public Builder throughput(ThroughputQueries throughput) {
      this.throughput = requireNonNull(throughput, "throughput");
      return this;
    }

    /**
     * Serves {@code GET /firewall} and {@code GET /collectors/{id}/firewall}; without it they
     * answer 501.
     */
    public Builder firewall(FirewallQueries firewall) {
      this.firewall = requireNonNull(firewall, "firewall");
      return this;
    }

    /**
     * Browser sessions ({@code POST /api/v1/session}): they end after {@code idle} without a
     * request and {@code maxAge} after login; at most {@code maxSessions} live at once (the least
     * recently used goes). Default 30 minutes, 12 hours, 1000.
     */
    public Builder sessions(Duration idle, Duration maxAge, int maxSessions) {
      requireNonNull(idle, "idle");
      requireNonNull(maxAge, "maxAge");
      if (idle.toSeconds() < 1 || maxAge.compareTo(idle) < 0 || maxAge.toDays() > 30) {
        throw new IllegalArgumentException(
            "session idle timeout must be at least a second and at most the maximum age (at most"
                + " 30 days): "
                + idle
                + ", "
                + maxAge);
      }
      if (maxSessions < 1 || maxSessions > 1_000_000) {
        throw new IllegalArgumentException("maxSessions must be from 1 to 1000000: " + maxSessions);
      }
      this.sessionIdle = idle;
      this.sessionMaxAge = maxAge;
      this.maxSessions = maxSessions;
      return this;
    }

    /**
     * Operators' authentication (bearer tokens and sessions), API tokens and the audit log, usually
     * {@code domain.operators()}.
     */
    public <
            T extends
                AuthenticateOperatorUseCase & MintApiTokenUseCase & RevokeApiTokenUseCase
                    & ApiTokenQueries & AuditQueries>
        Builder operators(T operators) {
      requireNonNull(operators, "operators");
      this.operators =
          new UseCases.Operators(operators, operators, operators, operators, operators);
      return this;
    }

    /**
     * Enrollment tokens: mint, revoke, list, and whether one can still enroll (for bootstrap
     * snippets), usually {@code domain.enrollment()}.
     */
    public <
            T extends
                MintEnrollmentTokenUseCase & RevokeEnrollmentTokenUseCase & EnrollmentQueries
                    & CheckEnrollmentTokenUseCase>
        Builder enrollment(T enrollment) {
      requireNonNull(enrollment, "enrollment");
      this.enrollment = new UseCases.Enrollment(enrollment, enrollment, enrollment, enrollment);
      return this;
    }

    /**
     * The collectors: listing, labels, deregistration and desired configs (also counted for {@code
     * /metrics}), usually {@code domain.fleet()}.
     */
    public <
            T extends
                FleetQueries & SetCollectorLabelsUseCase & DeregisterCollectorUseCase
                    & FindDesiredConfigUseCase>
        Builder fleet(T fleet) {
      requireNonNull(fleet, "fleet");
      this.fleet = new UseCases.Fleet(fleet, fleet, fleet, fleet);
      return this;
    }

    /** Configs and their revisions (history, diff, restore), usually {@code domain.configs()}. */
    public <
            T extends
                PutConfigUseCase & DeleteConfigUseCase & ConfigQueries & RevisionQueries
                    & RestoreRevisionUseCase>
        Builder configs(T configs) {
      requireNonNull(configs, "configs");
      this.configs = new UseCases.Configs(configs, configs, configs, configs, configs);
      return this;
    }

    /** Where API request counts go and the other adapters' counters come from. */
    public Builder metrics(PrometheusServerMetrics metrics) {
      this.metrics = requireNonNull(metrics, "metrics");
      return this;
    }

    /** Renders {@code GET /api/v1/bootstrap/{runtime}}; without it that route answers 501. */
    public Builder bootstrapSnippets(BootstrapSnippets bootstrapSnippets) {
      this.bootstrapSnippets = requireNonNull(bootstrapSnippets, "bootstrapSnippets");
      return this;
    }

    /**
     * How collectors and browsers reach the server, used in bootstrap snippets; by default the
     * scheme, host and port of the request. When it is https the session cookie is {@code Secure}
     * even on plain HTTP (behind a TLS-terminating proxy).
     */
    public Builder externalUrl(URI externalUrl) {
      requireNonNull(externalUrl, "externalUrl");
      if (externalUrl.getScheme() == null || externalUrl.getHost() == null) {
        throw new IllegalArgumentException("external URL needs a scheme and host: " + externalUrl);
      }
      this.externalUrl = externalUrl;
      return this;
    }

    /** The largest request body accepted; larger ones get 413. Default 2 MiB. */
    public Builder maxBodyBytes(int maxBodyBytes) {
      if (maxBodyBytes < 1024 || maxBodyBytes > 64 * 1024 * 1024) {
        throw new IllegalArgumentException(
            "maxBodyBytes must be from 1 KiB to 64 MiB: " + maxBodyBytes);
      }
      this.maxBodyBytes = maxBodyBytes;
      return this;
    }

    /** For token expiry shown in listings; the domain's own clock decides expiry itself. */
    public Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock");
      return this;
    }

    public RestApi build() {
      return new RestApi(this);
    }
  }
}
