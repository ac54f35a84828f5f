package io.linkmesh.sim.internal;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.BufferingResponseListener;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;

/** One OTLP/HTTP protobuf export, as the collector's periodic reader sends it. */
final class OtlpPush {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(OtlpPush.class);

  private OtlpPush() {}

  static final int MAX_RESPONSE = 64 * 1024;

  /** Attempts per export, as the OpenTelemetry exporters' default retry policy. */
  static final int MAX_ATTEMPTS = 5;

  static void send(
      SimContext ctx, URI endpoint, String authorization, ExportMetricsServiceRequest request) {
    send(ctx, endpoint, authorization, request.toByteArray(), OwnMetrics.points(request), 1);
  }

  private static void send(
      SimContext ctx, URI endpoint, String authorization, byte[] body, int points, int attempt) {
    if (ctx.closing) {
      return;
    }
    try {
      ctx.http
          .newRequest(endpoint)
          .method(HttpMethod.POST)
          .headers(h -> h.put(HttpHeader.AUTHORIZATION, authorization))
          .body(new BytesRequestContent("application/x-protobuf", body))
          .timeout(SimContext.REQUEST_TIMEOUT_SECONDS, TimeUnit.SECONDS)
          .send(
              new BufferingResponseListener(MAX_RESPONSE) {
                @Override
                public void onComplete(Result result) {
                  long retryIn = done(ctx, result, getContent(), points, attempt);
                  if (retryIn >= 0) {
                    ctx.schedule(
                        () -> send(ctx, endpoint, authorization, body, points, attempt + 1),
                        retryIn);
                  }
                }
              });
    } catch (RuntimeException e) {
      ctx.counters.error("otlp-connect");
    }
  }

  /**
   * Counts the outcome; answers when to retry (nanoseconds), or -1. Like the OpenTelemetry
   * exporters: 429/502/503/504 and connection failures are retried, with Retry-After or an
   * exponential backoff, up to {@link #MAX_ATTEMPTS} attempts.
   */
  private static long done(SimContext ctx, Result result, byte[] body, int points, int attempt) {
    if (ctx.closing) {
      return -1;
    }
    int status = result.getResponse() == null ? 0 : result.getResponse().getStatus();
    if (result.isFailed() && status == 0) {
      return retryOrGiveUp(ctx, "otlp-connect", points, attempt, 0);
    }
    if (status == 429 || status == 502 || status == 503 || status == 504) {
      String header = result.getResponse().getHeaders().get(HttpHeader.RETRY_AFTER);
      long retryAfter =
          header != null && header.matches("\\d{1,6}")
              ? TimeUnit.SECONDS.toNanos(Long.parseLong(header))
              : 0;
      return retryOrGiveUp(ctx, "otlp-" + status, points, attempt, retryAfter);
    }
    if (status != 200) {
      ctx.counters.error("otlp-" + status);
      ctx.counters.otlpRefused.add(points);
      return -1;
    }
    ctx.counters.otlpRequests.increment();
    long rejected = 0;
    ExportMetricsServiceResponse response = ExportMetricsServiceResponse.getDefaultInstance();
    try {
      response = ExportMetricsServiceResponse.parseFrom(body);
      rejected =
          response.hasPartialSuccess() ? response.getPartialSuccess().getRejectedDataPoints() : 0;
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      ctx.counters.error("otlp-decode");
    }
    if (rejected > 0) {
      LOG.debug("OTLP partial success: {}", response.getPartialSuccess().getErrorMessage());
      ctx.counters.error("otlp-refused");
      ctx.counters.otlpRefused.add(rejected);
    }
    ctx.counters.otlpPoints.add(Math.max(0, points - rejected));
    return -1;
  }

  private static long retryOrGiveUp(
      SimContext ctx, String kind, int points, int attempt, long retryAfterNanos) {
    if (attempt >= MAX_ATTEMPTS) {
      ctx.counters.error(kind);
      ctx.counters.otlpRefused.add(points);
      return -1;
    }
    // Throttled or unreachable for now: counted, and tried again as the exporters do.
    ctx.counters.error("otlp-retried");
    return Math.max(retryAfterNanos, SimContext.backoffNanos(attempt - 1));
  }
}
