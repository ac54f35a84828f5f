package io.linkmesh.otlp;

import static io.linkmesh.otlp.ReceiverFixture.A;
import static io.linkmesh.otlp.ReceiverFixture.B;
import static io.linkmesh.otlp.ReceiverFixture.C;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.protobuf.UnknownFieldSet;
import io.linkmesh.domain.audit.Actor;
import io.linkmesh.domain.port.in.AuthenticateCollectorUseCase;
import io.linkmesh.domain.port.in.DeregisterCollectorCommand;
import io.linkmesh.domain.port.in.RevokeEnrollmentTokenCommand;
import io.linkmesh.domain.throughput.ComponentKind;
import io.linkmesh.domain.throughput.Measure;
import io.linkmesh.domain.throughput.Signal;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.resource.v1.Resource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Hand-made OTLP/HTTP requests through the JDK HttpClient: both encodings and every rejection. */
class OtlpReceiverHttpTest {
  static final long T0 = Instant.parse("2026-11-26T10:00:00Z").toEpochMilli() * 1_000_000L;
  static final long SECOND = 1_000_000_000L;
  static final String PROTOBUF = "application/x-protobuf";
  static final String JSON = "application/json";

  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  @Nullable ReceiverFixture fixture;

  ReceiverFixture fixture() throws Exception {
    if (fixture == null) {
      fixture = new ReceiverFixture();
    }
    return fixture;
  }

  @AfterEach
  void stop() throws Exception {
    if (fixture != null) {
      fixture.stop();
    }
  }

  HttpResponse<byte[]> post(URI url, @Nullable String secret, String contentType, byte[] body)
      throws Exception {
    return post(url, secret, contentType, null, body);
  }

  HttpResponse<byte[]> post(
      URI url,
      @Nullable String secret,
      String contentType,
      @Nullable String contentEncoding,
      byte[] body)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(url)
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (secret != null) {
      request.header("Authorization", "Bearer " + secret);
    }
    if (contentEncoding != null) {
      request.header("Content-Encoding", contentEncoding);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  static KeyValue attribute(String key, String value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setStringValue(value))
        .build();
  }

  static ResourceMetrics acceptedSpans(String instanceId, long start, long time, long value) {
    return ResourceMetrics.newBuilder()
        .setResource(
            Resource.newBuilder().addAttributes(attribute("service.instance.id", instanceId)))
        .addScopeMetrics(
            ScopeMetrics.newBuilder()
                .addMetrics(
                    Metric.newBuilder()
                        .setName("otelcol_receiver_accepted_spans")
                        .setSum(
                            Sum.newBuilder()
                                .setIsMonotonic(true)
                                .setAggregationTemporality(
                                    AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                                .addDataPoints(
                                    NumberDataPoint.newBuilder()
                                        .addAttributes(attribute("receiver", "otlp"))
                                        .setStartTimeUnixNano(start)
                                        .setTimeUnixNano(time)
                                        .setAsInt(value))))
                .addMetrics(
                    Metric.newBuilder()
                        .setName("otelcol_process_uptime")
                        .setSum(
                            Sum.newBuilder()
                                .setIsMonotonic(true)
                                .setAggregationTemporality(
                                    AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                                .addDataPoints(
                                    NumberDataPoint.newBuilder()
                                        .setStartTimeUnixNano(start)
                                        .setTimeUnixNano(time)
                                        .setAsDouble(30)))))
        .build();
  }

  static byte[] export(ResourceMetrics... resources) {
    ExportMetricsServiceRequest.Builder request = ExportMetricsServiceRequest.newBuilder();
    for (ResourceMetrics r : resources) {
      request.addResourceMetrics(r);
    }
    return request.build().toByteArray();
  }

  static String jsonExport(String instanceId, long start, long time, long value) {
    return """
        {"resourceMetrics": [{
          "resource": {"attributes": [
            {"key": "service.instance.id", "value": {"stringValue": "%s"}},
            {"key": "service.name", "value": {"stringValue": "otelcol-contrib"}}]},
          "scopeMetrics": [{
            "scope": {"name": "go.opentelemetry.io/collector/receiver/receiverhelper"},
            "metrics": [{
              "name": "otelcol_receiver_accepted_spans",
              "unit": "{spans}",
              "someFieldFromTheFuture": {"x": 1},
              "sum": {
                "aggregationTemporality": 2,
                "isMonotonic": true,
                "dataPoints": [{
                  "attributes": [{"key": "receiver", "value": {"stringValue": "otlp"}},
                                 {"key": "transport", "value": {"stringValue": "http"}}],
                  "startTimeUnixNano": "%d",
                  "timeUnixNano": "%d",
                  "asInt": "%d",
                  "exemplars": [{"timeUnixNano": "%d", "asInt": 7,
                                 "traceId": "5b8efff798038103d269b633813fc60c",
                                 "spanId": "eee19b7ec3c1b174"}]
                }]
              }
            }]
          }]
        }]}
        """
        .formatted(instanceId, start, time, value, time);
  }

  static String rpcStatusMessage(byte[] body) throws IOException {
    UnknownFieldSet status = UnknownFieldSet.parseFrom(body);
    return status.getField(2).getLengthDelimitedList().get(0).toStringUtf8();
  }

  static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    }
    return out.toByteArray();
  }

  @Nested
  class Json {
    @Test
    void jsonExportsGiveRatesAndAJsonAnswer() throws Exception {
      ReceiverFixture f = fixture();
      long longAgo = T0 - 3600 * SECOND;
      HttpResponse<byte[]> first =
          post(
              f.url,
              f.credentialA,
              JSON,
              jsonExport(A.value(), longAgo, T0, 1000).getBytes(StandardCharsets.UTF_8));
      HttpResponse<byte[]> second =
          post(
              f.url,
              f.credentialA,
              "application/json; charset=utf-8",
              jsonExport(A.value(), longAgo, T0 + 30 * SECOND, 1300)
                  .getBytes(StandardCharsets.UTF_8));

      assertThat(first.statusCode()).isEqualTo(200);
      assertThat(second.statusCode()).isEqualTo(200);
      assertThat(second.headers().firstValue("Content-Type")).hasValue(JSON);
      assertThat(new String(second.body(), StandardCharsets.UTF_8)).isEqualTo("{}");
      assertThat(f.rate(A, ComponentKind.RECEIVER, "otlp", Signal.SPANS, Measure.ACCEPTED))
          .isCloseTo(10.0, within(1e-9));
    }

    @Test
    void partialSuccessIsAnsweredInJson() throws Exception {
      ReceiverFixture f = fixture();
      HttpResponse<byte[]> response =
          post(
              f.url,
              f.credentialA,
              JSON,
              jsonExport(B.value(), T0 - SECOND, T0, 1).getBytes(StandardCharsets.UTF_8));

      assertThat(response.statusCode()).isEqualTo(200);
      String body = new String(response.body(), StandardCharsets.UTF_8);
      assertThat(body).contains("\"partialSuccess\"").contains("\"rejectedDataPoints\":\"1\"");
      assertThat(f.domain.throughput().throughput(B)).isEmpty();
    }

    @Test
    void malformedJsonIs400WithAStatus() throws Exception {
      ReceiverFixture f = fixture();
      HttpResponse<byte[]> response =
          post(
              f.url,
              f.credentialA,
              JSON,
              "{\"resourceMetrics\": [".getBytes(StandardCharsets.UTF_8));

      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(new String(response.body(), StandardCharsets.UTF_8))
          .startsWith("{\"code\":3,\"message\":\"cannot decode");
    }
  }

  @Nested
  class Protobuf {
    @Test
    void partialSuccessCountsTheRejectedResourcesPoints() throws Exception {
      ReceiverFixture f = fixture();
      HttpResponse<byte[]> response =
          post(
              f.url,
              f.credentialA,
              PROTOBUF,
              export(
                  acceptedSpans(A.value(), T0 - 30 * SECOND, T0, 300),
                  acceptedSpans(B.value(), T0 - 30 * SECOND, T0, 999)));

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type")).hasValue(PROTOBUF);
      ExportMetricsServiceResponse answer = ExportMetricsServiceResponse.parseFrom(response.body());
      assertThat(answer.getPartialSuccess().getRejectedDataPoints()).isEqualTo(2);
      assertThat(answer.getPartialSuccess().getErrorMessage()).contains("credential");
      assertThat(f.rate(A, ComponentKind.RECEIVER, "otlp", Signal.SPANS, Measure.ACCEPTED))
          .isCloseTo(10.0, within(1e-9));
      assertThat(f.domain.throughput().throughput(B)).isEmpty();
    }

    @Test
    void fullSuccessLeavesPartialSuccessUnset() throws Exception {
      ReceiverFixture f = fixture();
      HttpResponse<byte[]> response =
          post(
              f.url, f.credentialA, PROTOBUF, export(acceptedSpans(A.value(), T0 - SECOND, T0, 1)));

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(ExportMetricsServiceResponse.parseFrom(response.body()).hasPartialSuccess())
          .isFalse();
    }

    @Test
    void emptyRequestSucceeds() throws Exception {
      ReceiverFixture f = fixture();
      HttpResponse<byte[]> response = post(f.url, f.credentialA, PROTOBUF, new byte[0]);

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEmpty();
    }

    @Test
    void enrollmentTokenWritesTheEnrolledCollectorTheResourceNames() throws Exception {
      ReceiverFixture f = fixture();
      HttpResponse<byte[]> response =
          post(
              f.url,
              f.token,
              PROTOBUF,
              export(acceptedSpans(C.value(), T0 - 30 * SECOND, T0, 300)));

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(ExportMetricsServiceResponse.parseFrom(response.body()).hasPartialSuccess())
          .isFalse();
      assertThat(f.rate(C, ComponentKind.RECEIVER, "otlp", Signal.SPANS, Measure.ACCEPTED))
          .isCloseTo(10.0, within(1e-9));
    }

    @Test
    void enrollmentTokenCannotWriteACollectorThatHoldsItsOwnCredential() throws Exception {
      ReceiverFixture f = fixture();
      HttpResponse<byte[]> response =
          post(
              f.url,
              f.token,
              PROTOBUF,
              export(acceptedSpans(B.value(), T0 - 30 * SECOND, T0, 300)));

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(
              ExportMetricsServiceResponse.parseFrom(response.body())
                  .getPartialSuccess()
                  .getRejectedDataPoints())
          .isEqualTo(2);
      assertThat(f.domain.throughput().throughput(B)).isEmpty();
    }

    @Test
    void aRevokedTokenIsRefusedEvenForTheCollectorWhoseOnlySecretItWas() throws Exception {
      ReceiverFixture f = fixture();
      f.domain
          .enrollment()
          .revoke(new RevokeEnrollmentTokenCommand(Actor.system(), f.token.split("_")[1]));

      HttpResponse<byte[]> response =
          post(
              f.url,
              f.token,
              PROTOBUF,
              export(acceptedSpans(C.value(), T0 - 30 * SECOND, T0, 300)));

      assertThat(response.statusCode()).isEqualTo(401);
      assertThat(f.domain.throughput().throughput(C)).isEmpty();
    }

    @Test
    void gzipBodiesAreInflated() throws Exception {
      ReceiverFixture f = fixture();
      HttpResponse<byte[]> response =
          post(
              f.url,
              f.credentialA,
              PROTOBUF,
              "gzip",
              gzip(export(acceptedSpans(A.value(), T0 - 30 * SECOND, T0, 300))));

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(f.rate(A, ComponentKind.RECEIVER, "otlp", Signal.SPANS, Measure.ACCEPTED))
          .isCloseTo(10.0, within(1e-9));
    }
  }

  @Nested
  class Rejections {
    @Test
    void otherMediaTypeIs415() throws Exception {
      ReceiverFixture f = fixture();
      HttpResponse<byte[]> response =
          post(f.url, f.credentialA, "text/plain", "hello".getBytes(StandardCharsets.UTF_8));

      assertThat(response.statusCode()).isEqualTo(415);
      assertThat(new String(response.body(), StandardCharsets.UTF_8)).contains("Content-Type");
    }

    @Test
    void otherContentEncodingIs415() throws Exception {
      ReceiverFixture f = fixture();
      HttpResponse<byte[]> response =
          post(f.url, f.credentialA, PROTOBUF, "br", export(acceptedSpans(A.value(), 1, T0, 1)));

      assertThat(response.statusCode()).isEqualTo(415);
      assertThat(f.domain.throughput().throughput(A)).isEmpty();
    }

    @Test
    void undecodableProtobufIs400WithAnRpcStatus() throws Exception {
      ReceiverFixture f = fixture();
      HttpResponse<byte[]> response =
          post(f.url, f.credentialA, PROTOBUF, new byte[] {0x0a, (byte) 0xff, (byte) 0xff, 0x01});

      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(response.headers().firstValue("Content-Type")).hasValue(PROTOBUF);
      assertThat(rpcStatusMessage(response.body())).startsWith("cannot decode");
    }

    @Test
    void bodyThatIsNotGzipIs400() throws Exception {
      ReceiverFixture f = fixture();
      HttpResponse<byte[]> response =
          post(f.url, f.credentialA, PROTOBUF, "gzip", export(acceptedSpans(A.value(), 1, T0, 1)));

      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(rpcStatusMessage(response.body())).contains("gzip");
      assertThat(f.domain.throughput().throughput(A)).isEmpty();
    }

    @Test
    void bodyOverTheLimitIs413() throws Exception {
      fixture = new ReceiverFixture(b -> b.maxBodyBytes(4096), null);
      HttpResponse<byte[]> response =
          post(fixture.url, fixture.credentialA, PROTOBUF, new byte[10_000]);

      assertThat(response.statusCode()).isEqualTo(413);
    }

    @Test
    void streamedBodyOverTheLimitIs413() throws Exception {
      fixture = new ReceiverFixture(b -> b.maxBodyBytes(4096), null);
      HttpRequest request =
          HttpRequest.newBuilder(fixture.url)
              .header("Content-Type", PROTOBUF)
              .header("Authorization", "Bearer " + fixture.credentialA)
              .POST(HttpRequest.BodyPublishers.ofInputStream(() -> zeros(10_000)))
              .build();

      HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());

      assertThat(response.statusCode()).isEqualTo(413);
    }

    @Test
    void gzipBombIs413() throws Exception {
      fixture = new ReceiverFixture(b -> b.maxBodyBytes(64 * 1024), null);
      byte[] bomb = gzip(new byte[8 * 1024 * 1024]);
      assertThat(bomb.length).isLessThan(64 * 1024);

      HttpResponse<byte[]> response =
          post(fixture.url, fixture.credentialA, PROTOBUF, "gzip", bomb);

      assertThat(response.statusCode()).isEqualTo(413);
      assertThat(rpcStatusMessage(response.body())).contains("larger than 65536");
    }

    @Test
    void missingCredentialIs401() throws Exception {
      ReceiverFixture f = fixture();
      HttpResponse<byte[]> response =
          post(f.url, null, PROTOBUF, export(acceptedSpans(A.value(), 1, T0, 1)));

      assertThat(response.statusCode()).isEqualTo(401);
      assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
    }

    @Test
    void unknownCredentialIs401() throws Exception {
      ReceiverFixture f = fixture();
      HttpResponse<byte[]> response =
          post(f.url, "lm_c_nope_nope", PROTOBUF, export(acceptedSpans(A.value(), 1, T0, 1)));

      assertThat(response.statusCode()).isEqualTo(401);
      assertThat(f.domain.throughput().throughput(A)).isEmpty();
    }

    @Test
    void deregisteredCollectorIs401AndNothingIsStored() throws Exception {
      ReceiverFixture f = fixture();
      f.domain.fleet().deregister(new DeregisterCollectorCommand(Actor.system(), A));

      HttpResponse<byte[]> response =
          post(
              f.url, f.credentialA, PROTOBUF, export(acceptedSpans(A.value(), T0 - SECOND, T0, 1)));

      assertThat(response.statusCode()).isEqualTo(401);
      assertThat(f.domain.throughput().throughput(A)).isEmpty();
      assertThat(f.domain.throughput().series().estimatedBytes()).isZero();
    }

    @Test
    void enrollmentTokenCannotWriteACollectorItDidNotEnroll() throws Exception {
      ReceiverFixture f = fixture();
      HttpResponse<byte[]> response =
          post(f.url, f.token, PROTOBUF, export(acceptedSpans("not-enrolled", T0 - SECOND, T0, 1)));

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(
              ExportMetricsServiceResponse.parseFrom(response.body())
                  .getPartialSuccess()
                  .getRejectedDataPoints())
          .isEqualTo(2);
    }

    @Test
    void getIs405() throws Exception {
      ReceiverFixture f = fixture();
      HttpResponse<byte[]> response =
          http.send(
              HttpRequest.newBuilder(f.url).GET().build(), HttpResponse.BodyHandlers.ofByteArray());

      assertThat(response.statusCode()).isEqualTo(405);
      assertThat(response.headers().firstValue("Allow")).hasValue("POST");
    }

    @Test
    void otherPathsAreLeftToTheNextHandler() throws Exception {
      ReceiverFixture f = fixture();
      HttpResponse<byte[]> response =
          post(f.url.resolve("/v1/traces"), f.credentialA, PROTOBUF, new byte[0]);

      assertThat(response.statusCode()).isEqualTo(404);
    }

    @Test
    void overloadIs503WithRetryAfter() throws Exception {
      CountDownLatch entered = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      fixture =
          new ReceiverFixture(
              b -> b.maxConcurrentRequests(1).retryAfter(Duration.ofSeconds(7)),
              real -> blockingFor("hold", entered, release, real));
      ReceiverFixture f = fixture;
      CompletableFuture<HttpResponse<byte[]>> held =
          http.sendAsync(
              HttpRequest.newBuilder(f.url)
                  .header("Content-Type", PROTOBUF)
                  .header("Authorization", "Bearer hold")
                  .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[0]))
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
      assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

      HttpResponse<byte[]> busy =
          post(f.url, f.credentialA, PROTOBUF, export(acceptedSpans(A.value(), 1, T0, 1)));
      release.countDown();

      assertThat(busy.statusCode()).isEqualTo(503);
      assertThat(busy.headers().firstValue("Retry-After")).hasValue("7");
      assertThat(held.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(401);
      assertThat(f.domain.throughput().throughput(A)).isEmpty();
      HttpResponse<byte[]> after =
          post(f.url, f.credentialA, PROTOBUF, export(acceptedSpans(A.value(), 1, T0, 1)));
      assertThat(after.statusCode()).isEqualTo(200);
    }
  }

  static InputStream zeros(int n) {
    return new java.io.ByteArrayInputStream(new byte[n]);
  }

  /** Delegates to the domain, but holds requests bearing {@code secret} until released. */
  static AuthenticateCollectorUseCase blockingFor(
      String secret,
      CountDownLatch entered,
      CountDownLatch release,
      AuthenticateCollectorUseCase real) {
    return command -> {
      if (command.secret().equals(secret)) {
        entered.countDown();
        try {
          if (!release.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("never released");
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
      return real.authenticate(command);
    };
  }
}
