package io.linkmesh.alloy;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.linkmesh.config.alloy.AlloyConfigValidator;
import io.linkmesh.config.alloy.syntax.AlloySyntax;
import io.linkmesh.config.alloy.syntax.Validation;
import io.linkmesh.domain.audit.Actor;
import io.linkmesh.domain.config.ConfigName;
import io.linkmesh.domain.config.ConfigSpec;
import io.linkmesh.domain.config.DesiredConfig;
import io.linkmesh.domain.config.DesiredConfigComposer;
import io.linkmesh.domain.config.Selector;
import io.linkmesh.domain.config.ValidationProblem;
import io.linkmesh.domain.fleet.Collector;
import io.linkmesh.domain.fleet.CollectorEventType;
import io.linkmesh.domain.fleet.CollectorId;
import io.linkmesh.domain.fleet.CollectorRuntime;
import io.linkmesh.domain.fleet.Transport;
import io.linkmesh.domain.port.in.CollectorAuthentication;
import io.linkmesh.domain.port.in.DeregisterCollectorCommand;
import io.linkmesh.domain.port.in.MintEnrollmentTokenCommand;
import io.linkmesh.domain.port.in.PutConfigCommand;
import io.linkmesh.domain.port.in.PutConfigOutcome;
import io.linkmesh.domain.port.in.Refusal;
import io.linkmesh.domain.port.in.RevokeEnrollmentTokenCommand;
import io.linkmesh.domain.port.in.StatusOutcome;
import io.linkmesh.domain.port.out.StoreException;
import io.linkmesh.domain.service.LinkMeshDomain;
import io.linkmesh.domain.testing.InMemoryAuditLog;
import io.linkmesh.domain.testing.InMemoryRevisionStore;
import io.linkmesh.domain.testing.MutableClock;
import io.linkmesh.domain.testing.SequentialSecretGenerator;
import io.linkmesh.wire.alloy.proto.AgentConfigFile;
import io.linkmesh.wire.alloy.proto.AgentConfigMap;
import io.linkmesh.wire.alloy.proto.EffectiveConfig;
import io.linkmesh.wire.alloy.proto.GetConfigRequest;
import io.linkmesh.wire.alloy.proto.GetConfigResponse;
import io.linkmesh.wire.alloy.proto.RegisterCollectorRequest;
import io.linkmesh.wire.alloy.proto.RemoteConfigStatus;
import io.linkmesh.wire.alloy.proto.RemoteConfigStatuses;
import io.linkmesh.wire.alloy.proto.UnregisterCollectorRequest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class AlloyRemoteConfigHandlerTest {

  static final String ALLOY_USER_AGENT = "Alloy/v1.11.3 (linux; binary)";
  static final String BATCH =
      """
      otelcol.processor.batch "default" {
        output {
          metrics = [otelcol.exporter.otlp.default.input]
        }
      }
      """;
  static final String EXPORTER =
      """
      otelcol.exporter.otlp "default" {
        client {
          endpoint = "tempo.example.com:4317"
        }
      }
      """;
  static final Map<String, String> ALLOY_ATTRIBUTES =
      Map.of("collector.os", "linux", "collector.version", "v1.11.3", "env", "prod");

  final MutableClock clock = MutableClock.at("2026-11-26T10:00:00Z");
  final LinkMeshDomain domain =
      LinkMeshDomain.builder()
          .store(new InMemoryRevisionStore())
          .auditLog(new InMemoryAuditLog())
          .secrets(new SequentialSecretGenerator())
          .clock(clock)
          .validator(AlloyConfigValidator.create())
          .adminSecret("admin-secret")
          .build();
  final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  Server server;
  ServerConnector connector;
  URI base;
  String token;

  @BeforeEach
  void start() throws Exception {
    server = new Server();
    connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    Handler alloy =
        AlloyRemoteConfigHandler.builder()
            .fleet(domain.fleet())
            .clock(clock)
            .maxRequestBytes(1024 * 1024)
            .build();
    server.setHandler(new Handler.Sequence(alloy, new Teapot()));
    server.start();
    base = URI.create("http://127.0.0.1:" + connector.getLocalPort());
    token = mintToken(1, Map.of());
  }

  @AfterEach
  void stop() throws Exception {
    server.stop();
  }

  /** Stands for the next handler in the app's sequence: proves requests fall through. */
  static final class Teapot extends Handler.Abstract {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      response.setStatus(418);
      callback.succeeded();
      return true;
    }
  }

  // ---- helpers --------------------------------------------------------------------------

  String mintToken(int maxUses, Map<String, String> labels) {
    return domain
        .enrollment()
        .mint(new MintEnrollmentTokenCommand(Actor.system(), null, maxUses, labels))
        .token();
  }

  void revoke(String token) {
    assertThat(
            domain
                .enrollment()
                .revoke(new RevokeEnrollmentTokenCommand(Actor.system(), token.split("_")[1])))
        .isTrue();
  }

  ConfigSpec putConfig(String name, Map<String, String> selector, String content) {
    ConfigSpec spec =
        new ConfigSpec(ConfigName.of(name), CollectorRuntime.ALLOY, Selector.of(selector), content);
    PutConfigOutcome outcome =
        domain.configs().put(new PutConfigCommand(Actor.system(), spec, null, null));
    assertThat(outcome).isInstanceOf(PutConfigOutcome.Published.class);
    return spec;
  }

  HttpRequest.Builder alloyRequest(String rpc, String authorization) {
    return HttpRequest.newBuilder(base.resolve("/collector.v1.CollectorService/" + rpc))
        .timeout(Duration.ofSeconds(10))
        .header("Connect-Protocol-Version", "1")
        .header("Accept-Encoding", "gzip")
        .header("User-Agent", ALLOY_USER_AGENT)
        .header("Authorization", authorization);
  }

  HttpResponse<byte[]> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  HttpResponse<byte[]> proto(String rpc, Message message, String authorization) {
    return send(
        alloyRequest(rpc, authorization)
            .header("Content-Type", "application/proto")
            .POST(HttpRequest.BodyPublishers.ofByteArray(message.toByteArray()))
            .build());
  }

  HttpResponse<byte[]> json(String rpc, String body, String authorization) {
    return send(
        alloyRequest(rpc, authorization)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  HttpResponse<byte[]> raw(String rpc, String contentType, byte[] body, String... headers) {
    HttpRequest.Builder request =
        alloyRequest(rpc, bearer(token))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return send(request.build());
  }

  static String bearer(String token) {
    return "Bearer " + token;
  }

  static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(UTF_8));
  }

  static GetConfigRequest getConfig(String id, String hash) {
    return GetConfigRequest.newBuilder()
        .setId(id)
        .setHash(hash)
        .putAllLocalAttributes(ALLOY_ATTRIBUTES)
        .build();
  }

  GetConfigResponse getConfigOk(GetConfigRequest request, String authorization) {
    HttpResponse<byte[]> response = proto("GetConfig", request, authorization);
    assertThat(response.statusCode()).as(new String(response.body(), UTF_8)).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/proto");
    try {
      return GetConfigResponse.parseFrom(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Collector collector(String id) {
    return domain.fleet().collector(CollectorId.of(id)).orElseThrow();
  }

  static String sha256(String text) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(UTF_8)));
  }

  static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    }
    return out.toByteArray();
  }

  void assertConnectError(HttpResponse<byte[]> response, int status, String code) {
    String body = new String(response.body(), UTF_8);
    assertThat(response.statusCode()).as(body).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(body).startsWith("{\"code\":\"" + code + "\",\"message\":\"");
  }

  // ---- tests ----------------------------------------------------------------------------

  @Nested
  class AlloyCallSequence {

    @Test
    void getConfigBeforeRegisterRegistersOnFirstSight() throws Exception {
      putConfig("pipeline", Map.of(), BATCH);

      GetConfigResponse first = getConfigOk(getConfig("web-01", ""), bearer(token));

      assertThat(first.getNotModified()).isFalse();
      assertThat(first.getContent()).contains(BATCH);
      assertThat(first.getHash()).isEqualTo(sha256(first.getContent()));
      Collector collector = collector("web-01");
      assertThat(collector.runtime()).isEqualTo(CollectorRuntime.ALLOY);
      assertThat(collector.attributes()).containsAllEntriesOf(ALLOY_ATTRIBUTES);
      assertThat(collector.live().connected()).isTrue();
      assertThat(collector.live().transport()).isEqualTo(Transport.REMOTECFG);
      assertThat(collector.desiredConfigHash().hex()).isEqualTo(first.getHash());
    }

    @Test
    void thenRegisterCollectorAnswersAnEmptyMessage() {
      getConfigOk(getConfig("web-01", ""), bearer(token));

      HttpResponse<byte[]> response =
          proto(
              "RegisterCollector",
              RegisterCollectorRequest.newBuilder()
                  .setId("web-01")
                  .setName("web one")
                  .putAllLocalAttributes(ALLOY_ATTRIBUTES)
                  .build(),
              bearer(token));

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type")).hasValue("application/proto");
      assertThat(response.body()).isEmpty();
      assertThat(collector("web-01").live().connected()).isTrue();
      assertThat(collector("web-01").displayName()).isEqualTo("web one");
    }

    @Test
    void registerFirstAlsoWorksAndKeepsTheName() {
      HttpResponse<byte[]> response =
          proto(
              "RegisterCollector",
              RegisterCollectorRequest.newBuilder()
                  .setId("web-02")
                  .setName("web two")
                  .putAllLocalAttributes(ALLOY_ATTRIBUTES)
                  .build(),
              bearer(token));

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(collector("web-02").displayName()).isEqualTo("web two");
    }

    @Test
    void sameHashAnswersNotModifiedWithoutContent() {
      putConfig("pipeline", Map.of(), BATCH);
      GetConfigResponse first = getConfigOk(getConfig("web-01", ""), bearer(token));

      GetConfigResponse second = getConfigOk(getConfig("web-01", first.getHash()), bearer(token));

      assertThat(second.getNotModified()).isTrue();
      assertThat(second.getHash()).isEqualTo(first.getHash());
      assertThat(second.getContent()).isEmpty();
    }

    @Test
    void configChangeDeliversNewContentAndHash() throws Exception {
      putConfig("pipeline", Map.of(), BATCH);
      GetConfigResponse first = getConfigOk(getConfig("web-01", ""), bearer(token));

      putConfig("pipeline", Map.of(), BATCH.replace("default", "main"));
      GetConfigResponse second = getConfigOk(getConfig("web-01", first.getHash()), bearer(token));

      assertThat(second.getNotModified()).isFalse();
      assertThat(second.getContent()).contains("otelcol.processor.batch \"main\"");
      assertThat(second.getHash()).isNotEqualTo(first.getHash());
      assertThat(second.getHash()).isEqualTo(sha256(second.getContent()));
    }

    @Test
    void unregisterMarksItUnregisteredAndKeepsItsRecord() {
      getConfigOk(getConfig("web-01", ""), bearer(token));

      HttpResponse<byte[]> response =
          send(
              alloyRequest("UnregisterCollector", bearer(token))
                  .header("Content-Type", "application/proto")
                  .header("Connect-Timeout-Ms", "1000")
                  .POST(
                      HttpRequest.BodyPublishers.ofByteArray(
                          UnregisterCollectorRequest.newBuilder()
                              .setId("web-01")
                              .build()
                              .toByteArray()))
                  .build());

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEmpty();
      assertThat(collector("web-01").live().connected()).isFalse();
      assertThat(domain.fleet().events(CollectorId.of("web-01"), 10))
          .extracting(e -> e.type())
          .contains(CollectorEventType.UNREGISTERED);
    }

    @Test
    void basicAuthWithTheTokenAsPasswordIsAccepted() {
      getConfigOk(getConfig("web-01", ""), basic("alloy", token));
      getConfigOk(getConfig("web-01", ""), basic(token, ""));

      assertThat(collector("web-01").live().connected()).isTrue();
    }

    @Test
    void routingPrefixFromTheRemotecfgUrl() throws Exception {
      server.stop();
      Handler prefixed =
          AlloyRemoteConfigHandler.builder().fleet(domain.fleet()).pathPrefix("/alloy/").build();
      server.setHandler(new Handler.Sequence(prefixed, new Teapot()));
      server.start();
      base = URI.create("http://127.0.0.1:" + connector.getLocalPort());

      HttpResponse<byte[]> response =
          send(
              HttpRequest.newBuilder(base.resolve("/alloy/collector.v1.CollectorService/GetConfig"))
                  .header("Content-Type", "application/proto")
                  .header("Authorization", bearer(token))
                  .POST(
                      HttpRequest.BodyPublishers.ofByteArray(getConfig("web-01", "").toByteArray()))
                  .build());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(proto("GetConfig", getConfig("web-01", ""), bearer(token)).statusCode())
          .isEqualTo(418);
    }
  }

  @Nested
  class DesiredConfigs {

    @Test
    void combinedDocumentOfTwoMatchingConfigsIsWhatTheDomainHashes() throws Exception {
      ConfigSpec batch = putConfig("a-batch", Map.of("env", "prod"), BATCH);
      ConfigSpec exporter = putConfig("b-export", Map.of("collector.os", "linux"), EXPORTER);
      putConfig(
          "c-other",
          Map.of("env", "staging"),
          "otelcol.processor.memory_limiter \"staging\" {\n  check_interval = \"1s\"\n}\n");

      GetConfigResponse response = getConfigOk(getConfig("web-01", ""), bearer(token));

      DesiredConfig expected =
          DesiredConfigComposer.compose(CollectorRuntime.ALLOY, List.of(exporter, batch));
      assertThat(response.getContent()).isEqualTo(expected.document());
      assertThat(response.getHash())
          .isEqualTo(expected.hash().hex())
          .isEqualTo(sha256(response.getContent()));
      assertThat(response.getContent())
          .contains(BATCH)
          .contains(EXPORTER)
          .doesNotContain("memory_limiter");
      assertThat(AlloySyntax.validate(response.getContent())).isInstanceOf(Validation.Valid.class);
    }

    @Test
    void invalidAlloyIsRefusedWithLineAndColumnAndCollectorsKeepTheirConfig() {
      putConfig("pipeline", Map.of(), BATCH);
      GetConfigResponse first = getConfigOk(getConfig("web-01", ""), bearer(token));

      PutConfigOutcome outcome =
          domain
              .configs()
              .put(
                  new PutConfigCommand(
                      Actor.system(),
                      new ConfigSpec(
                          ConfigName.of("pipeline"),
                          CollectorRuntime.ALLOY,
                          Selector.ALL,
                          "otelcol.processor.batch \"default\" {\n  timeout = \"5s\n}\n"),
                      null,
                      null));

      assertThat(outcome)
          .isEqualTo(
              new PutConfigOutcome.Invalid(
                  List.of(ValidationProblem.at(2, 13, "string literal not terminated"))));
      assertThat(getConfigOk(getConfig("web-01", first.getHash()), bearer(token)).getNotModified())
          .isTrue();
    }

    @Test
    void aComponentLabelUsedByAnotherMatchingConfigIsRefused() {
      putConfig("a-batch", Map.of(), BATCH);
      getConfigOk(getConfig("web-01", ""), bearer(token));

      PutConfigOutcome outcome =
          domain
              .configs()
              .put(
                  new PutConfigCommand(
                      Actor.system(),
                      new ConfigSpec(
                          ConfigName.of("b-batch"),
                          CollectorRuntime.ALLOY,
                          Selector.of(Map.of("env", "prod")),
                          BATCH),
                      null,
                      null));

      assertThat(outcome).isInstanceOf(PutConfigOutcome.Invalid.class);
      assertThat(((PutConfigOutcome.Invalid) outcome).problems().get(0).message())
          .contains("combined with [a-batch, b-batch]")
          .contains("component \"otelcol.processor.batch.default\" is already declared");
    }

    @Test
    void selectorsMatchLocalAttributesAndTokenLabels() {
      putConfig("team-obs", Map.of("team", "obs"), BATCH);
      putConfig("tier-edge", Map.of("tier", "edge"), EXPORTER);
      String labelled = mintToken(1, Map.of("tier", "edge"));

      GetConfigResponse obs =
          getConfigOk(
              GetConfigRequest.newBuilder()
                  .setId("obs-01")
                  .putLocalAttributes("team", "obs")
                  .build(),
              bearer(token));
      GetConfigResponse edge = getConfigOk(getConfig("edge-01", ""), bearer(labelled));

      assertThat(obs.getContent()).contains(BATCH).doesNotContain(EXPORTER);
      assertThat(edge.getContent()).contains(EXPORTER).doesNotContain(BATCH);
    }

    @Test
    void deprecatedAttributesAreUsedWhenLocalAttributesAreAbsent() {
      putConfig("team-obs", Map.of("team", "obs"), BATCH);

      GetConfigResponse old =
          getConfigOk(
              GetConfigRequest.newBuilder().setId("old-01").putAttributes("team", "obs").build(),
              bearer(token));

      assertThat(old.getContent()).contains(BATCH);
      assertThat(collector("old-01").attributes()).containsEntry("team", "obs");
    }

    @Test
    void nothingMatchingSendsAValidCommentOnlyConfigNeverEmptyContent() throws Exception {
      putConfig("staging-only", Map.of("env", "staging"), BATCH);

      GetConfigResponse first = getConfigOk(getConfig("web-01", ""), bearer(token));

      assertThat(first.getContent())
          .isNotBlank()
          .isEqualTo(AlloyRemoteConfigHandler.NOTHING_MATCHES);
      assertThat(AlloySyntax.validate(first.getContent())).isInstanceOf(Validation.Valid.class);
      assertThat(AlloySyntax.parse(first.getContent()).body()).isEmpty();
      assertThat(first.getHash()).isEqualTo(sha256(first.getContent()));
      GetConfigResponse second = getConfigOk(getConfig("web-01", first.getHash()), bearer(token));
      assertThat(second.getNotModified()).isTrue();

      putConfig("all", Map.of(), EXPORTER);
      GetConfigResponse third = getConfigOk(getConfig("web-01", first.getHash()), bearer(token));
      assertThat(third.getContent()).contains(EXPORTER);
    }
  }

  @Nested
  class LiveState {

    @Test
    void remoteConfigStatusAndEffectiveConfigAreRecorded() {
      putConfig("pipeline", Map.of(), BATCH);
      GetConfigResponse first = getConfigOk(getConfig("web-01", ""), bearer(token));

      getConfigOk(
          getConfig("web-01", first.getHash()).toBuilder()
              .setRemoteConfigStatus(
                  RemoteConfigStatus.newBuilder()
                      .setStatus(RemoteConfigStatuses.RemoteConfigStatuses_APPLIED))
              .setEffectiveConfig(
                  EffectiveConfig.newBuilder()
                      .setConfigMap(
                          AgentConfigMap.newBuilder()
                              .putConfigMap(
                                  "",
                                  AgentConfigFile.newBuilder()
                                      .setBody(ByteString.copyFromUtf8(first.getContent()))
                                      .setContentType("text/plain")
                                      .build())))
              .build(),
          bearer(token));

      Collector collector = collector("web-01");
      assertThat(collector.live().remoteConfigStatus().state())
          .isEqualTo(io.linkmesh.domain.fleet.RemoteConfigStatus.State.APPLIED);
      assertThat(collector.live().appliedHash().hex()).isEqualTo(first.getHash());
      assertThat(collector.live().effectiveConfig().text()).isEqualTo(first.getContent());
      assertThat(domain.fleet().events(CollectorId.of("web-01"), 10))
          .extracting(e -> e.type())
          .contains(CollectorEventType.CONFIG_APPLIED);
    }

    @Test
    void failedStatusKeepsAlloysMessage() {
      GetConfigResponse first = getConfigOk(getConfig("web-01", ""), bearer(token));

      getConfigOk(
          getConfig("web-01", first.getHash()).toBuilder()
              .setRemoteConfigStatus(
                  RemoteConfigStatus.newBuilder()
                      .setStatus(RemoteConfigStatuses.RemoteConfigStatuses_FAILED)
                      .setErrorMessage("component otelcol.exporter.otlp.x does not exist"))
              .build(),
          bearer(token));

      io.linkmesh.domain.fleet.RemoteConfigStatus status =
          collector("web-01").live().remoteConfigStatus();
      assertThat(status.state())
          .isEqualTo(io.linkmesh.domain.fleet.RemoteConfigStatus.State.FAILED);
      assertThat(status.errorMessage())
          .isEqualTo("component otelcol.exporter.otlp.x does not exist");
    }

    @Test
    void missingThreeObservedPollIntervalsMarksItDisconnected() {
      getConfigOk(getConfig("web-01", ""), bearer(token));
      clock.advance(Duration.ofSeconds(20));
      getConfigOk(getConfig("web-01", ""), bearer(token));
      clock.advance(Duration.ofMillis(100)); // Alloy's immediate extra call after a status change
      getConfigOk(getConfig("web-01", ""), bearer(token));
      clock.advance(Duration.ofSeconds(20));
      getConfigOk(getConfig("web-01", ""), bearer(token));

      clock.advance(Duration.ofSeconds(59));
      assertThat(domain.fleet().sweepSilentCollectors()).isZero();
      assertThat(collector("web-01").live().connected()).isTrue();

      clock.advance(Duration.ofSeconds(2));
      assertThat(domain.fleet().sweepSilentCollectors()).isEqualTo(1);
      assertThat(collector("web-01").live().connected()).isFalse();

      getConfigOk(getConfig("web-01", ""), bearer(token));
      assertThat(collector("web-01").live().connected()).isTrue();
    }
  }

  @Nested
  class Json {

    @Test
    void theSameFlowThroughJson() throws Exception {
      putConfig("pipeline", Map.of(), BATCH);

      HttpResponse<byte[]> first =
          json(
              "GetConfig",
              "{\"id\":\"curl-01\",\"localAttributes\":{\"env\":\"prod\"}}",
              bearer(token));
      assertThat(first.statusCode()).isEqualTo(200);
      assertThat(first.headers().firstValue("Content-Type")).hasValue("application/json");
      GetConfigResponse.Builder parsed = GetConfigResponse.newBuilder();
      JsonFormat.parser().merge(new String(first.body(), UTF_8), parsed);
      assertThat(parsed.getContent()).contains(BATCH);

      HttpResponse<byte[]> register =
          json("RegisterCollector", "{\"id\":\"curl-01\",\"name\":\"curl\"}", bearer(token));
      assertThat(register.statusCode()).isEqualTo(200);
      assertThat(new String(register.body(), UTF_8)).isEqualTo("{}");

      HttpResponse<byte[]> second =
          json(
              "GetConfig",
              "{\"id\":\"curl-01\",\"hash\":\"" + parsed.getHash() + "\"}",
              basic("x", token));
      assertThat(new String(second.body(), UTF_8))
          .isEqualTo("{\"hash\":\"" + parsed.getHash() + "\",\"notModified\":true}");

      HttpResponse<byte[]> unregister =
          json("UnregisterCollector", "{\"id\":\"curl-01\"}", bearer(token));
      assertThat(unregister.statusCode()).isEqualTo(200);
    }

    @Test
    void protoFieldNamesCharsetAndUnknownFieldsAreAccepted() {
      HttpResponse<byte[]> response =
          send(
              alloyRequest("GetConfig", bearer(token))
                  .header("Content-Type", "application/json; charset=utf-8")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"id\":\"j-01\",\"local_attributes\":{\"team\":\"obs\"},"
                              + "\"future_field\":1}"))
                  .build());

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
      assertThat(collector("j-01").attributes()).containsEntry("team", "obs");
    }

    @Test
    void statusThroughJson() {
      getConfigOk(getConfig("j-02", ""), bearer(token));

      HttpResponse<byte[]> response =
          json(
              "GetConfig",
              "{\"id\":\"j-02\",\"remoteConfigStatus\":{\"status\":\"RemoteConfigStatuses_APPLYING\"}}",
              bearer(token));

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(collector("j-02").live().remoteConfigStatus().state())
          .isEqualTo(io.linkmesh.domain.fleet.RemoteConfigStatus.State.APPLYING);
    }
  }

  @Nested
  class Compression {

    @Test
    void gzipRequestBodiesAreHonoured() throws Exception {
      HttpResponse<byte[]> response =
          raw(
              "GetConfig",
              "application/proto",
              gzip(getConfig("gz-01", "").toByteArray()),
              "Content-Encoding",
              "gzip");

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(GetConfigResponse.parseFrom(response.body()).getContent()).isNotEmpty();
      assertThat(collector("gz-01").attributes()).containsAllEntriesOf(ALLOY_ATTRIBUTES);
    }

    @Test
    void emptyGzipBodyIsNotDecompressed() {
      HttpResponse<byte[]> response =
          raw("GetConfig", "application/proto", new byte[0], "Content-Encoding", "gzip");

      assertConnectError(response, 400, "invalid_argument");
      assertThat(new String(response.body(), UTF_8)).contains("id is required");
    }

    @Test
    void largeAnswersAreGzippedForClientsThatAcceptGzip() throws Exception {
      StringBuilder big = new StringBuilder();
      for (int i = 0; i < 40; i++) {
        big.append("otelcol.processor.batch \"b").append(i).append("\" {\n}\n");
      }
      putConfig("big", Map.of(), big.toString());

      HttpResponse<byte[]> zipped = proto("GetConfig", getConfig("gz-02", ""), bearer(token));
      assertThat(zipped.statusCode()).isEqualTo(200);
      assertThat(zipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
      GetConfigResponse unzipped =
          GetConfigResponse.parseFrom(new GZIPInputStream(new ByteArrayInputStream(zipped.body())));
      assertThat(unzipped.getContent()).contains(big);

      HttpResponse<byte[]> plain =
          send(
              HttpRequest.newBuilder(base.resolve("/collector.v1.CollectorService/GetConfig"))
                  .header("Content-Type", "application/proto")
                  .header("Authorization", bearer(token))
                  .POST(
                      HttpRequest.BodyPublishers.ofByteArray(getConfig("gz-02", "").toByteArray()))
                  .build());
      assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
      assertThat(GetConfigResponse.parseFrom(plain.body())).isEqualTo(unzipped);
    }

    @Test
    void identityEncodingIsAccepted() {
      HttpResponse<byte[]> response =
          raw(
              "GetConfig",
              "application/proto",
              getConfig("id-01", "").toByteArray(),
              "Content-Encoding",
              "identity");

      assertThat(response.statusCode()).isEqualTo(200);
    }
  }

  @Nested
  class Errors {

    @Test
    void missingCredentialsIsUnauthenticated() {
      HttpResponse<byte[]> response =
          send(
              HttpRequest.newBuilder(base.resolve("/collector.v1.CollectorService/GetConfig"))
                  .header("Content-Type", "application/proto")
                  .POST(
                      HttpRequest.BodyPublishers.ofByteArray(getConfig("web-01", "").toByteArray()))
                  .build());

      assertConnectError(response, 401, "unauthenticated");
      assertThat(domain.fleet().collector(CollectorId.of("web-01"))).isEmpty();
    }

    @Test
    void unknownTokenAndUnknownSchemeAreUnauthenticated() {
      assertConnectError(
          proto("GetConfig", getConfig("web-01", ""), bearer("lm_nonsense")),
          401,
          "unauthenticated");
      assertConnectError(
          proto("GetConfig", getConfig("web-01", ""), "Digest " + token), 401, "unauthenticated");
      assertConnectError(
          proto("GetConfig", getConfig("web-01", ""), "Basic !!!notbase64"),
          401,
          "unauthenticated");
      assertThat(domain.fleet().collector(CollectorId.of("web-01"))).isEmpty();
    }

    @Test
    void aSingleUseTokenKeepsAuthenticatingItsCollectorButNoOther() {
      getConfigOk(getConfig("web-01", ""), bearer(token));
      getConfigOk(getConfig("web-01", ""), bearer(token));

      HttpResponse<byte[]> other = proto("GetConfig", getConfig("web-02", ""), bearer(token));

      assertConnectError(other, 410, "permission_denied");
      assertThat(domain.fleet().collector(CollectorId.of("web-02"))).isEmpty();
    }

    @Test
    void aMultiUseTokenCannotActAsACollectorOfAnotherToken() {
      String multi = mintToken(5, Map.of());
      getConfigOk(getConfig("web-01", ""), bearer(token));

      assertConnectError(
          proto("GetConfig", getConfig("web-01", ""), bearer(multi)), 403, "permission_denied");
      assertConnectError(
          proto(
              "UnregisterCollector",
              UnregisterCollectorRequest.newBuilder().setId("web-01").build(),
              bearer(multi)),
          404,
          "not_found");
      assertThat(collector("web-01").live().connected()).isTrue();
    }

    @Test
    void aRevokedTokenRefusesTheAlloyItEnrolledUntilItIsGivenANewToken() {
      String shared = mintToken(5, Map.of());
      getConfigOk(getConfig("web-01", ""), bearer(shared));
      revoke(shared);

      assertConnectError(
          proto("GetConfig", getConfig("web-01", ""), bearer(shared)), 401, "unauthenticated");
      assertConnectError(
          proto(
              "RegisterCollector",
              RegisterCollectorRequest.newBuilder().setId("web-01").setName("web-01").build(),
              bearer(shared)),
          401,
          "unauthenticated");

      String fresh = mintToken(1, Map.of("env", "again"));
      getConfigOk(getConfig("web-01", ""), bearer(fresh));
      assertThat(collector("web-01").labels()).containsEntry("env", "again");
      getConfigOk(getConfig("web-01", ""), bearer(fresh));
    }

    @Test
    void aNewTokenCannotTakeOverAnAlloyWhoseTokenStillStands() {
      getConfigOk(getConfig("web-01", ""), bearer(token));

      assertConnectError(
          proto("GetConfig", getConfig("web-01", ""), bearer(mintToken(1, Map.of()))),
          403,
          "permission_denied");
    }

    @Test
    void aDeregisteredCollectorIsRefused() {
      getConfigOk(getConfig("web-01", ""), bearer(token));
      domain
          .fleet()
          .deregister(new DeregisterCollectorCommand(Actor.system(), CollectorId.of("web-01")));

      HttpResponse<byte[]> response = proto("GetConfig", getConfig("web-01", ""), bearer(token));

      // The enrollment token is an Alloy collector's only credential: after deregistration it
      // answers "deregistered" (401), as the contract promises, not "used up" (410).
      assertConnectError(response, 401, "unauthenticated");
      assertThat(domain.fleet().collector(CollectorId.of("web-01"))).isEmpty();
    }

    @Test
    void garbageBinaryBodyIsInvalidArgument() {
      assertConnectError(
          raw("GetConfig", "application/proto", new byte[] {(byte) 0xff, 0x01, 0x02}),
          400,
          "invalid_argument");
    }

    @Test
    void wrongJsonFieldTypesAndBrokenJsonAreInvalidArgument() {
      assertConnectError(
          json("GetConfig", "{\"id\":\"x\",\"localAttributes\":[1,2]}", bearer(token)),
          400,
          "invalid_argument");
      assertConnectError(json("GetConfig", "{\"id\":", bearer(token)), 400, "invalid_argument");
      assertConnectError(
          raw("GetConfig", "application/json", new byte[] {'{', (byte) 0xc3, '}'}),
          400,
          "invalid_argument");
    }

    @Test
    void missingOrMalformedIdIsInvalidArgument() {
      assertConnectError(
          proto("GetConfig", GetConfigRequest.getDefaultInstance(), bearer(token)),
          400,
          "invalid_argument");
      assertConnectError(
          proto(
              "RegisterCollector",
              RegisterCollectorRequest.newBuilder().setId("a b").build(),
              bearer(token)),
          400,
          "invalid_argument");
      assertConnectError(
          proto(
              "UnregisterCollector",
              UnregisterCollectorRequest.getDefaultInstance(),
              bearer(token)),
          400,
          "invalid_argument");
      assertThat(domain.fleet().collectors(io.linkmesh.domain.port.in.CollectorFilter.ALL))
          .isEmpty();
    }

    @Test
    void oversizeBodyIsResourceExhausted() {
      byte[] big =
          getConfig("web-01", "").toBuilder()
              .putLocalAttributes("big", "x".repeat(1024 * 1024 + 10))
              .build()
              .toByteArray();
      assertConnectError(raw("GetConfig", "application/proto", big), 429, "resource_exhausted");
    }

    @Test
    void gzipBombIsResourceExhausted() throws Exception {
      byte[] bomb = gzip(new byte[4 * 1024 * 1024]);
      assertThat(bomb.length).isLessThan(64 * 1024);

      assertConnectError(
          raw("GetConfig", "application/proto", bomb, "Content-Encoding", "gzip"),
          429,
          "resource_exhausted");
    }

    @Test
    void corruptGzipIsInvalidArgument() {
      assertConnectError(
          raw(
              "GetConfig",
              "application/proto",
              "not gzip".getBytes(UTF_8),
              "Content-Encoding",
              "gzip"),
          400,
          "invalid_argument");
    }

    @Test
    void unsupportedEncodingIsUnimplemented() {
      assertConnectError(
          raw("GetConfig", "application/proto", new byte[0], "Content-Encoding", "br"),
          501,
          "unimplemented");
    }

    @Test
    void unknownMethodIs404Unimplemented() {
      assertConnectError(raw("GetConfigs", "application/proto", new byte[0]), 404, "unimplemented");
    }

    @Test
    void unsupportedMediaTypeIs415() {
      HttpResponse<byte[]> response = raw("GetConfig", "text/plain", "id=web-01".getBytes(UTF_8));
      assertConnectError(response, 415, "unimplemented");
      assertThat(response.headers().firstValue("Accept-Post"))
          .hasValue("application/proto, application/json");
    }

    @Test
    void getIsMethodNotAllowed() {
      HttpResponse<byte[]> response =
          send(
              alloyRequest("GetConfig", bearer(token))
                  .header("Content-Type", "application/proto")
                  .GET()
                  .build());
      assertConnectError(response, 405, "unimplemented");
      assertThat(response.headers().firstValue("Allow")).hasValue("POST");
    }

    @Test
    void unsupportedProtocolVersionIsInvalidArgument() {
      HttpResponse<byte[]> response =
          send(
              HttpRequest.newBuilder(base.resolve("/collector.v1.CollectorService/GetConfig"))
                  .header("Content-Type", "application/proto")
                  .header("Connect-Protocol-Version", "2")
                  .header("Authorization", bearer(token))
                  .POST(
                      HttpRequest.BodyPublishers.ofByteArray(getConfig("web-01", "").toByteArray()))
                  .build());
      assertConnectError(response, 400, "invalid_argument");
    }

    @Test
    void storeTroubleIsUnavailableAndABugIsInternal() throws Exception {
      server.stop();
      Handler failing =
          AlloyRemoteConfigHandler.builder()
              .authenticate(
                  command -> new CollectorAuthentication.Enrollment("t1", java.util.Set.of(), true))
              .connect(
                  command -> {
                    if (command.id().value().equals("store-down")) {
                      throw new StoreException("disk full", true, new IOException("ENOSPC"));
                    }
                    throw new IllegalStateException("a bug");
                  })
              .report(command -> new StatusOutcome.Unknown())
              .disconnect(command -> {})
              .build();
      server.setHandler(failing);
      server.start();
      base = URI.create("http://127.0.0.1:" + connector.getLocalPort());

      assertConnectError(
          proto("GetConfig", getConfig("store-down", ""), bearer("any")), 503, "unavailable");
      HttpResponse<byte[]> bug = proto("GetConfig", getConfig("web-01", ""), bearer("any"));
      assertConnectError(bug, 500, "internal");
      assertThat(new String(bug.body(), UTF_8)).doesNotContain("a bug");
    }

    @Test
    void aRegistrationTheStoreCannotTakeIsUnavailable() throws Exception {
      server.stop();
      server.setHandler(
          AlloyRemoteConfigHandler.builder()
              .authenticate(
                  command -> new CollectorAuthentication.Enrollment("t1", java.util.Set.of(), true))
              .connect(
                  command ->
                      new io.linkmesh.domain.port.in.ConnectOutcome.Refused(
                          Refusal.UNAVAILABLE, "registration store unavailable"))
              .report(command -> new StatusOutcome.Unknown())
              .disconnect(command -> {})
              .build());
      server.start();
      base = URI.create("http://127.0.0.1:" + connector.getLocalPort());

      assertConnectError(
          proto("GetConfig", getConfig("web-01", ""), bearer("any")), 503, "unavailable");
    }

    @Test
    void otherPathsFallThroughToTheNextHandler() {
      HttpResponse<byte[]> response =
          send(
              HttpRequest.newBuilder(base.resolve("/v1/metrics"))
                  .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[0]))
                  .build());
      assertThat(response.statusCode()).isEqualTo(418);
    }
  }
}
