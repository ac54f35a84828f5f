package io.linkmesh.otlp;

import static java.util.Objects.requireNonNull;

import io.linkmesh.domain.port.in.AuthenticateCollectorCommand;
import io.linkmesh.domain.port.in.AuthenticateCollectorUseCase;
import io.linkmesh.domain.port.in.CollectorAuthentication;
import io.linkmesh.domain.port.in.RecordOwnMetricsCommand;
import io.linkmesh.domain.port.in.RecordOwnMetricsOutcome;
import io.linkmesh.domain.port.in.RecordOwnMetricsUseCase;
import io.linkmesh.domain.port.in.Refusal;
import io.linkmesh.otlp.internal.Bodies;
import io.linkmesh.otlp.internal.MetricsTranslator;
import io.linkmesh.otlp.internal.OtlpCodec;
import io.linkmesh.otlp.internal.OtlpCodec.Format;
import io.linkmesh.otlp.internal.RequestRejectedException;
import io.linkmesh.otlp.internal.RequestRejectedException.RpcCode;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import java.io.UncheckedIOException;
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
 *   <li>More than {@link Builder#maxConcurrentRequests} requests at once: 503 with {@code
 *       Retry-After}, which OTLP exporters retry.
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
  private final Semaphore permits;
  private final String retryAfterSeconds;
  private final AtomicLong acceptedPoints = new AtomicLong();
  private final AtomicLong rejectedPoints = new AtomicLong();

  private OtlpReceiver(Builder b) {
    this.authenticator = requireNonNull(b.authenticator, "authenticator");
    this.metrics = requireNonNull(b.metrics, "metrics");
    this.path = b.path;
    this.maxBodyBytes = b.maxBodyBytes;
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
      return error(
          response,
          callback,
          format,
          new RequestRejectedException(405, RpcCode.UNIMPLEMENTED, "use POST"));
    }
    if (!permits.tryAcquire()) {
      response.getHeaders().put(HttpHeader.RETRY_AFTER, retryAfterSeconds);
      return error(
          response,
          callback,
          format,
          new RequestRejectedException(
              503, RpcCode.UNAVAILABLE, "server is busy; retry after " + retryAfterSeconds + " s"));
    }
    byte[] body;
    try {
      body = process(request, response);
    } catch (RequestRejectedException e) {
      LOG.debug(
          "OTLP request from {} rejected with {}: {}",
          Request.getRemoteAddr(request),
          e.httpStatus(),
          e.getMessage());
      return error(response, callback, format, e);
    } catch (UncheckedIOException e) {
      LOG.debug("OTLP request from {} failed to arrive", Request.getRemoteAddr(request), e);
      callback.failed(e);
      return true;
    } catch (RuntimeException e) {
      LOG.warn("OTLP request from {} failed", Request.getRemoteAddr(request), e);
      return error(
          response,
          callback,
          format,
          new RequestRejectedException(500, RpcCode.INTERNAL, "internal error"));
    } finally {
      permits.release();
    }
    response.setStatus(200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, format.mediaType());
    response.write(true, ByteBuffer.wrap(body), callback);
    return true;
  }

  /** Everything between admission and the response body; throws for error answers. */
  private byte[] process(Request request, Response response) {
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
    Format format =
        OtlpCodec.format(request.getHeaders().get(HttpHeader.CONTENT_TYPE))
            .orElseThrow(
                () ->
                    new RequestRejectedException(
                        415,
                        RpcCode.INVALID_ARGUMENT,
                        "Content-Type must be application/x-protobuf or application/json"));
    boolean gzip = gzip(request.getHeaders().get(HttpHeader.CONTENT_ENCODING));
    long declared = request.getLength();
    if (declared > maxBodyBytes) {
      throw RequestRejectedException.tooLarge(maxBodyBytes);
    }
    byte[] body = Bodies.read(Request.asInputStream(request), maxBodyBytes);
    if (gzip) {
      body = Bodies.gunzip(body, maxBodyBytes);
    }
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

  private static boolean error(
      Response response, Callback callback, Format format, RequestRejectedException e) {
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

    private Builder() {}

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
      requireNonNull(path, "path");
      if (!path.startsWith("/")) {
        throw new IllegalArgumentException("path must start with '/': " + path);
      }
      this.path = path;
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
     * Requests processed at once (default 8), from authentication to the answer; more get 503 with
     * Retry-After. Unauthenticated requests are answered before their body is read.
     */
    public Builder maxConcurrentRequests(int requests) {
      if (requests < 1 || requests > 10_000) {
        throw new IllegalArgumentException("maxConcurrentRequests must be 1-10000: " + requests);
      }
      this.maxConcurrentRequests = requests;
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

    public OtlpReceiver build() {
      return new OtlpReceiver(this);
    }
  }
}
