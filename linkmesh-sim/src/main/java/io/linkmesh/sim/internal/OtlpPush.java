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

  static void send(
      SimContext ctx, URI endpoint, String authorization, ExportMetricsServiceRequest request) {
    int points = OwnMetrics.points(request);
    try {
      ctx.http
          .newRequest(endpoint)
          .method(HttpMethod.POST)
          .headers(h -> h.put(HttpHeader.AUTHORIZATION, authorization))
          .body(new BytesRequestContent("application/x-protobuf", request.toByteArray()))
          .timeout(SimContext.REQUEST_TIMEOUT_SECONDS, TimeUnit.SECONDS)
          .send(
              new BufferingResponseListener(MAX_RESPONSE) {
                @Override
                public void onComplete(Result result) {
                  done(ctx, result, getContent(), points);
                }
              });
    } catch (RuntimeException e) {
      ctx.counters.error("otlp-connect");
    }
  }

  private static void done(SimContext ctx, Result result, byte[] body, int points) {
    if (result.isFailed()) {
      if (!ctx.closing) {
        ctx.counters.error("otlp-connect");
      }
      return;
    }
    int status = result.getResponse().getStatus();
    if (status != 200) {
      ctx.counters.error("otlp-" + status);
      ctx.counters.otlpRefused.add(points);
      return;
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
  }
}
