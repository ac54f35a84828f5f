package io.linkmesh.otlp;

import static java.util.Objects.requireNonNull;

import io.linkmesh.domain.port.in.AuthenticateCollectorCommand;
import io.linkmesh.domain.port.in.AuthenticateCollectorUseCase;
import io.linkmesh.domain.port.in.CollectorAuthentication;
import io.linkmesh.domain.port.in.RecordOwnMetricsCommand;
import io.linkmesh.domain.port.in.RecordOwnMetricsOutcome;
import io.linkmesh.domain.port.in.RecordOwnMetricsUseCase;
import io.linkmesh.domain.port.in.Refusal;
import io.linkmesh.jetty.Body;
import io.linkmesh.jetty.HandlerOptions;
import io.linkmesh.jetty.InFlightLimit;
import io.linkmesh.jetty.RequestBodies;
import io.linkmesh.otlp.internal.MetricsTranslator;
import io.linkmesh.otlp.internal.OtlpCodec;
import io.linkmesh.otlp.internal.OtlpCodec.Format;
import io.linkmesh.otlp.internal.RequestRejectedException;
import io.linkmesh.otlp.internal.RequestRejectedException.RpcCode;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
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
 * OTLP/HTTP receiver for collectors' own metrics: a Jetty core {@link Handler} for {@code POST
 * /v1/metrics} (other paths are left to the next handler).
 *
 * <ul>
 *   <li>{@code application/x-protobuf} and {@code application/json} (OTLP/JSON: hex trace/span ids
 *       in exemplars, unknown fields ignored); {@code Content-Encoding: gzip} accepted. Other media
 *       types: 415.
 *   <li>{@code Authorization: Bearer <collector credential or enrollment token>}; unknown or
 *       revoked: 401.
 *   <li>Body larger than {@link Builder#maxBodyBytes} (before or after gunzip): 413. Undecodable:
 *       400. Errors carry a {@code google.rpc.Status} in the request's format.
 *   <li>More than {@link Builder#maxInFlightPerClient} requests of one collector at once: 429 with
 *       {@code Retry-After}; more than {@link Builder#maxConcurrentRequests} being processed
 *       server-wide: 503 with {@code Retry-After}. OTLP exporters retry both. A body slower than
 *       the minimum data rate: 408.
 *   <li>Success: 200 with an {@code ExportMetricsServiceResponse} in the request's format; its
 *       {@code partial_success} counts the data points of resources the domain rejected (another
 *       collector's, an unknown or deregistered one).
 * </ul>
 *
 * <pre>{@code
 * OtlpReceiver otlp = OtlpReceiver.builder()
 *     .authenticator(domain.fleet())
 *     .metrics(domain.throughput())
 *     .build();
 * server.setHandler(new Handler.Sequence(otlp, ...));
 * }</pre>
 */
public final class OtlpReceiver extends Handler.Abstract {
  private static final Logger LOG = LoggerFactory.getLogger(OtlpReceiver.class);

  /** The OTLP default path. */
  public static final String DEFAULT_PATH = "/v1/metrics";

  private final AuthenticateCollectorUseCase authenticator;
  private final RecordOwnMetricsUseCase metrics;
  private final String path;
  private final long maxBodyBytes;
  private final RequestBodies bodies;
  private final InFlightLimit inFlight;
  private final Semaphore permits;
  private final String retryAfterSeconds;
  private final AtomicLong acceptedPoints = new AtomicLong();
  private final AtomicLong rejectedPoints = new AtomicLong();

  private OtlpReceiver(Builder b) {
    this.authenticator = requireNonNull(b.authenticator, "authenticator");
    this.metrics = requireNonNull(b.metrics, "metrics");
    this.path = b.path;
    this.maxBodyBytes = b.maxBodyBytes;
    this.bodies = b.bodies.maxBytes(b.maxBodyBytes).build();
    addBean(bodies);
    this.inFlight = InFlightLimit.of(b.maxInFlightPerClient);
    this.permits = new Semaphore(b.maxConcurrentRequests);
    this.retryAfterSeconds = Long.toString(Math.max(1, b.retryAfter.toSeconds()));
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Data points taken into a collector's throughput since start (including ignored metrics). */
  public long acceptedDataPoints() {
    return acceptedPoints.get();
  }

  /** Data points answered as rejected in {@code partial_success} since start. */
  public long rejectedDataPoints() {
    return rejectedPoints.get();
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    if (!path.equals(Request.getPathInContext(request))) {
      return false;
    }
    Format format =
        OtlpCodec.format(request.getHeaders().get(HttpHeader.CONTENT_TYPE)).orElse(Format.JSON);
    if (!HttpMethod.POST.is(request.getMethod())) {
      response.getHeaders().put(HttpHeader.ALLOW, "POST");
      return refuseUnread(
          request,
          response,
          callback,
          format,
          new RequestRejectedException(405, RpcCode.UNIMPLEMENTED, "use POST"));
    }
    CollectorAuthentication auth;
    Format requestFormat;
    if (!permits.tryAcquire()) {
      return refuseUnread(request, response, callback, format, busy(response));
    }
    try {
      auth = authenticate(request, response);
      requestFormat = requestFormat(request);
    } catch (RequestRejectedException e) {
      logRejected(request, e);
      return refuseUnread(request, response, callback, format, e);
    } catch (RuntimeException e) {
      LOG.warn("OTLP request from {} failed", Request.getRemoteAddr(request), e);
      return refuseUnread(request, response, callback, format, internal());
    } finally {
      permits.release();
    }
    InFlightLimit.Permit permit = inFlight.tryAcquire(client(auth));
    if (permit == null) {
      response.getHeaders().put(HttpHeader.RETRY_AFTER, retryAfterSeconds);
      return refuseUnread(
          request,
          response,
          callback,
          format,
          new RequestRejectedException(
              429,
              RpcCode.RESOURCE_EXHAUSTED,
              "more than "
                  + inFlight.perClient()
                  + " requests of this collector are in flight; retry after "
                  + retryAfterSeconds
                  + " s"));
    }
    Callback done = permit.releaseWhenDone(callback);
    // The body arrives without a thread and outside the server-wide gate, so slow senders fill
    // neither the pool nor the gate; the gate bounds only the work once a body is here.
    bodies.read(
        request,
        body -> {
          if (body instanceof Body.Broken broken) {
            LOG.debug("OTLP request from {} failed to arrive", Request.getRemoteAddr(request));
            done.failed(broken.cause());
          } else if (body instanceof Body.TooLarge) {
            refuseUnread(
                request,
                response,
                done,
                requestFormat,
                RequestRejectedException.tooLarge(maxBodyBytes));
          } else if (!(body instanceof Body.Read read)) {
            error(response, done, requestFormat, bodyError(body));
          } else if (!permits.tryAcquire()) {
            error(response, done, requestFormat, busy(response));
          } else {
            try {
              byte[] answer = process(request, auth, requestFormat, read.bytes());
              response.setStatus(200);
              response.getHeaders().put(HttpHeader.CONTENT_TYPE, requestFormat.mediaType());
              response.write(true, ByteBuffer.wrap(answer), done);
            } catch (RequestRejectedException e) {
              logRejected(request, e);
              error(response, done, requestFormat, e);
            } catch (RuntimeException e) {
              LOG.warn("OTLP request from {} failed", Request.getRemoteAddr(request), e);
              error(response, done, requestFormat, internal());
            } finally {
              permits.release();
            }
          }
        });
    return true;
  }

  private static void logRejected(Request request, RequestRejectedException e) {
    LOG.debug(
        "OTLP request from {} rejected with {}: {}",
        Request.getRemoteAddr(request),
        e.httpStatus(),
        e.getMessage());
  }

  private RequestRejectedException busy(Response response) {
    response.getHeaders().put(HttpHeader.RETRY_AFTER, retryAfterSeconds);
    return new RequestRejectedException(
        503, RpcCode.UNAVAILABLE, "server is busy; retry after " + retryAfterSeconds + " s");
  }

  private static RequestRejectedException internal() {
    return new RequestRejectedException(500, RpcCode.INTERNAL, "internal error");
  }

  /** Whose in-flight bound a request counts against: its collector, or its enrollment token. */
  private static String client(CollectorAuthentication auth) {
    if (auth instanceof CollectorAuthentication.Credential credential) {
      return "collector " + credential.collector();
    }
    return "token " + ((CollectorAuthentication.Enrollment) auth).tokenId();
  }

  private static RequestRejectedException bodyError(Body body) {
    if (body instanceof Body.TooSlow slow) {
      return new RequestRejectedException(
          408,
          RpcCode.UNAVAILABLE,
          "request body arrived slower than " + slow.minBytesPerSecond() + " bytes per second");
    }
    if (body instanceof Body.UnsupportedEncoding) {
      return new RequestRejectedException(
          415, RpcCode.INVALID_ARGUMENT, "Content-Encoding must be gzip or identity");
    }
    return RequestRejectedException.badRequest(((Body.Malformed) body).reason());
  }

  private CollectorAuthentication authenticate(Request request, Response response) {
    String secret = bearer(request.getHeaders().get(HttpHeader.AUTHORIZATION));
    if (secret == null) {
      response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer");
      throw new RequestRejectedException(
          401, RpcCode.UNAUTHENTICATED, "missing Authorization: Bearer credential");
    }
    CollectorAuthentication auth =
        authenticator.authenticate(new AuthenticateCollectorCommand(secret));
    if (auth instanceof CollectorAuthentication.Refused refused) {
      if (refused.reason() == Refusal.UNAVAILABLE) {
        response.getHeaders().put(HttpHeader.RETRY_AFTER, retryAfterSeconds);
        throw new RequestRejectedException(503, RpcCode.UNAVAILABLE, refused.message());
      }
      response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer");
      throw new RequestRejectedException(401, RpcCode.UNAUTHENTICATED, refused.message());
    }
    return auth;
  }

  private static Format requestFormat(Request request) {
    Format format =
        OtlpCodec.format(request.getHeaders().get(HttpHeader.CONTENT_TYPE))
            .orElseThrow(
                () ->
                    new RequestRejectedException(
                        415,
                        RpcCode.INVALID_ARGUMENT,
                        "Content-Type must be application/x-protobuf or application/json"));
    gzip(request.getHeaders().get(HttpHeader.CONTENT_ENCODING));
    return format;
  }

  /** Decodes the body and hands its resources to the domain; throws for error answers. */
  private byte[] process(
      Request request, CollectorAuthentication auth, Format format, byte[] body) {
    ExportMetricsServiceRequest export = OtlpCodec.decode(format, body);

    long rejected = 0;
    long accepted = 0;
    String message = "";
    for (ResourceMetrics resourceMetrics : export.getResourceMetricsList()) {
      MetricsTranslator.Resource resource = MetricsTranslator.translate(resourceMetrics);
      RecordOwnMetricsOutcome outcome =
          metrics.record(
              new RecordOwnMetricsCommand(auth, resource.attributes(), resource.samples()));
      if (outcome instanceof RecordOwnMetricsOutcome.Rejected r) {
        rejected += resource.dataPoints();
        if (message.isEmpty()) {
          message = r.message();
        }
        LOG.debug(
            "OTLP resource from {} rejected ({} points): {}",
            Request.getRemoteAddr(request),
            resource.dataPoints(),
            r.message());
      } else {
        accepted += resource.dataPoints();
      }
    }
    acceptedPoints.addAndGet(accepted);
    rejectedPoints.addAndGet(rejected);
    return OtlpCodec.response(format, rejected, message);
  }

  private static boolean gzip(@Nullable String contentEncoding) {
    if (contentEncoding == null) {
      return false;
    }
    String encoding = contentEncoding.trim().toLowerCase(Locale.ROOT);
    if (encoding.isEmpty() || encoding.equals("identity")) {
      return false;
    }
    if (encoding.equals("gzip") || encoding.equals("x-gzip")) {
      return true;
    }
    throw new RequestRejectedException(
        415, RpcCode.INVALID_ARGUMENT, "Content-Encoding must be gzip or identity");
  }

  private static @Nullable String bearer(@Nullable String authorization) {
    if (authorization == null) {
      return null;
    }
    String value = authorization.trim();
    if (value.length() <= 7 || !value.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    String secret = value.substring(7).trim();
    return secret.isEmpty() ? null : secret;
  }

  /**
   * Answers a request whose body was not read: the answer goes out at once, then the rest of the
   * body is discarded without a thread, so the client reads the answer rather than a reset.
   */
  private boolean refuseUnread(
      Request request,
      Response response,
      Callback callback,
      Format format,
      RequestRejectedException e) {
    if (request.getLength() == 0) {
      return error(response, callback, format, e);
    }
    response.getHeaders().put(HttpHeader.CONNECTION, "close");
    return error(response, bodies.discardAfter(request, callback), format, e);
  }

  private static boolean error(
      Response response, Callback callback, Format format, RequestRejectedException e) {
    if (e.httpStatus() == 408) {
      response.getHeaders().put(HttpHeader.CONNECTION, "close");
    }
    response.setStatus(e.httpStatus());
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, format.mediaType());
    String message = e.getMessage() == null ? "" : e.getMessage();
    response.write(true, ByteBuffer.wrap(OtlpCodec.status(format, e.rpcCode(), message)), callback);
    return true;
  }

  /** Options for {@link OtlpReceiver}. */
  public static final class Builder {
    private @Nullable AuthenticateCollectorUseCase authenticator;
    private @Nullable RecordOwnMetricsUseCase metrics;
    private String path = DEFAULT_PATH;
    private long maxBodyBytes = 4L * 1024 * 1024;
    private int maxConcurrentRequests = 8;
    private Duration retryAfter = Duration.ofSeconds(5);
    private final RequestBodies.Builder bodies = RequestBodies.builder();
    private int maxInFlightPerClient = 2;

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
     * Requests one collector (or one enrollment token) may have in flight, body upload included
     * (default 2; an exporter sends one at a time); more get 429 with {@code Retry-After} at once.
     */
    public Builder maxInFlightPerClient(int requests) {
      this.maxInFlightPerClient = requests("maxInFlightPerClient", requests);
      return this;
    }

    /** Checks the bearer secret (the domain's fleet service). */
    public Builder authenticator(AuthenticateCollectorUseCase authenticator) {
      this.authenticator = requireNonNull(authenticator, "authenticator");
      return this;
    }

    /** Takes the metrics (the domain's throughput service). */
    public Builder metrics(RecordOwnMetricsUseCase metrics) {
      this.metrics = requireNonNull(metrics, "metrics");
      return this;
    }

    /** The request path, default {@code /v1/metrics}. */
    public Builder path(String path) {
      this.path = HandlerOptions.path(path);
      return this;
    }

    /**
     * Largest body taken, after gunzip (default 4 MiB; a collector's own metrics are a few KiB to a
     * few hundred KiB); larger gets 413. Worst-case memory is about {@code maxConcurrentRequests *
     * maxBodyBytes} times a small factor for the decoded messages.
     */
    public Builder maxBodyBytes(long bytes) {
      if (bytes < 1024 || bytes > 256L * 1024 * 1024) {
        throw new IllegalArgumentException("maxBodyBytes must be 1 KiB to 256 MiB: " + bytes);
      }
      this.maxBodyBytes = bytes;
      return this;
    }

    /**
     * Requests processed at once across all collectors (default 8): authenticating, and decoding
     * and recording once the body is here; more get 503 with Retry-After. The body upload itself is
     * outside this gate (it holds no thread), so slow senders cannot fill it.
     */
    public Builder maxConcurrentRequests(int requests) {
      this.maxConcurrentRequests = requests("maxConcurrentRequests", requests);
      return this;
    }

    /** What {@code Retry-After} says when busy (default 5 s, whole seconds). */
    public Builder retryAfter(Duration retryAfter) {
      requireNonNull(retryAfter, "retryAfter");
      if (retryAfter.isNegative() || retryAfter.toSeconds() > 3600) {
        throw new IllegalArgumentException("retryAfter must be 0-3600 s: " + retryAfter);
      }
      this.retryAfter = retryAfter;
      return this;
    }

    private static int requests(String name, int requests) {
      if (requests < 1 || requests > 10_000) {
        throw new IllegalArgumentException(name + " must be 1-10000: " + requests);
      }
      return requests;
    }

    public OtlpReceiver build() {
      return new OtlpReceiver(this);
    }
  }
}
