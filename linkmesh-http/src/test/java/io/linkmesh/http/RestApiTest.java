package io.linkmesh.http;

import static io.linkmesh.http.ApiFixture.ADMIN;
import static io.linkmesh.http.ApiFixture.putConfigBody;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.linkmesh.domain.audit.AuditAction;
import io.linkmesh.domain.audit.AuditEntry;
import io.linkmesh.domain.enrollment.Role;
import io.linkmesh.domain.fleet.CollectorId;
import io.linkmesh.domain.fleet.CollectorRuntime;
import io.linkmesh.domain.fleet.Transport;
import io.linkmesh.domain.port.in.AuthenticateCollectorCommand;
import io.linkmesh.domain.port.in.CollectorAuthentication;
import io.linkmesh.domain.port.in.ConnectCollectorCommand;
import io.linkmesh.domain.port.in.ConnectOutcome;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RestApiTest {
  private ApiFixture f;

  @BeforeEach
  void start() {
    f = new ApiFixture();
  }

  @AfterEach
  void stop() throws Exception {
    f.close();
  }

  @Nested
  class Authentication {
    @Test
    void requestWithoutCredentialIsUnauthorized() {
      HttpResponse<String> response = f.get("/api/v1/collectors", null);

      f.error(response, 401, "unauthenticated");
      assertThat(response.headers().firstValue("WWW-Authenticate"))
          .hasValue("Bearer realm=\"linkmesh\"");
    }

    @Test
    void unknownTokenIsUnauthorizedAndAuditedAsFailedLogin() {
      f.error(
          f.get("/api/v1/collectors", "lma_abcdefgh12345678_" + "x".repeat(43)),
          401,
          "unauthenticated");
      f.error(
          f.send("GET", "/api/v1/collectors", null, null, "Authorization", "Basic Zm9vOmJhcg=="),
          401,
          "unauthenticated");

      List<AuditEntry> failed = f.auditEntries(AuditAction.LOGIN_FAILED);
      assertThat(failed).hasSize(1);
      assertThat(failed.get(0).address()).isEqualTo("127.0.0.1");
      assertThat(failed.get(0).outcome()).isEqualTo("denied");
    }

    @Test
    void unknownPathNeedsCredentialTooAndIsNotFoundAfterwards() {
      f.error(f.get("/api/v1/nothing-here", null), 401, "unauthenticated");
      f.error(f.get("/api/v1/nothing-here", f.viewer), 404, "not_found");
    }

    @Test
    void pathsOutsideTheApiAreLeftToOtherHandlers() {
      assertThat(f.get("/healthz", null).statusCode()).isEqualTo(404);
      assertThat(f.get("/healthz", null).body()).doesNotContain("unauthenticated");
    }

    @Test
    void errorsJettyAnswersItselfKeepTheErrorShapeUnderTheApi() {
      HttpResponse<String> response = f.get("/api/v1/configs/a%2Fb", f.viewer);

      f.error(response, 400, "http_400");
      assertThat(f.get("/other/a%2Fb", f.viewer).body()).doesNotContain("\"error\"");
    }

    @Test
    void wrongMethodIsNotAllowedWithAllowHeader() {
      HttpResponse<String> response = f.send("PATCH", "/api/v1/configs/x", f.operator, "{}");

      f.error(response, 405, "method_not_allowed");
      assertThat(response.headers().firstValue("Allow")).hasValue("DELETE, GET, PUT");
    }

    @Test
    void viewerReadsButCannotChange() {
      assertThat(f.get("/api/v1/collectors", f.viewer).statusCode()).isEqualTo(200);
      assertThat(f.get("/api/v1/configs", f.viewer).statusCode()).isEqualTo(200);
      assertThat(f.get("/api/v1/audit", f.viewer).statusCode()).isEqualTo(200);
      assertThat(f.get("/api/v1/metrics", f.viewer).statusCode()).isEqualTo(200);

      f.error(
          f.send("PUT", "/api/v1/configs/base", f.viewer, putConfigBody("receivers: {}\n")),
          403,
          "forbidden");
      f.error(f.send("POST", "/api/v1/enrollment-tokens", f.viewer, "{}"), 403, "forbidden");
      f.error(f.send("DELETE", "/api/v1/collectors/c1", f.viewer, null), 403, "forbidden");
      f.error(f.send("POST", "/api/v1/revisions/x/restore", f.viewer, null), 403, "forbidden");
      f.error(f.get("/api/v1/api-tokens", f.viewer), 403, "forbidden");
      assertThat(f.domain.configs().configs()).isEmpty();
    }

    @Test
    void operatorChangesConfigsButNotApiTokens() {
      assertThat(
              f.send("PUT", "/api/v1/configs/base", f.operator, putConfigBody("receivers: {}\n"))
                  .statusCode())
          .isEqualTo(200);
      assertThat(f.send("POST", "/api/v1/enrollment-tokens", f.operator, "{}").statusCode())
          .isEqualTo(201);

      f.error(f.get("/api/v1/api-tokens", f.operator), 403, "forbidden");
      f.error(
          f.send("POST", "/api/v1/api-tokens", f.operator, "{\"name\":\"x\",\"role\":\"admin\"}"),
          403,
          "forbidden");
      f.error(f.send("DELETE", "/api/v1/api-tokens/whatever", f.operator, null), 403, "forbidden");
    }

    @Test
    void adminDoesEverything() {
      assertThat(f.get("/api/v1/api-tokens", ADMIN).statusCode()).isEqualTo(200);
      assertThat(
              f.send("PUT", "/api/v1/configs/base", ADMIN, putConfigBody("receivers: {}\n"))
                  .statusCode())
          .isEqualTo(200);
      JsonNode me = f.json(f.get("/api/v1/whoami", ADMIN), 200);
      assertThat(me.path("role").asText()).isEqualTo("admin");
      assertThat(me.path("name").asText()).isEqualTo("admin");
    }

    @Test
    void expiredApiTokenIsUnauthorized() {
      JsonNode minted =
          f.json(
              f.send(
                  "POST",
                  "/api/v1/api-tokens",
                  ADMIN,
                  "{\"name\":\"short\",\"role\":\"viewer\",\"ttlSeconds\":60}"),
              201);
      String token = minted.path("token").asText();
      assertThat(f.get("/api/v1/collectors", token).statusCode()).isEqualTo(200);

      f.clock.advance(Duration.ofSeconds(61));

      f.error(f.get("/api/v1/collectors", token), 401, "unauthenticated");
    }
  }

  @Nested
  class EnrollmentTokens {
    @Test
    void mintShowsTheTokenOnceWithDefaultsAndIsAudited() {
      JsonNode minted = f.json(f.send("POST", "/api/v1/enrollment-tokens", f.operator, ""), 201);

      assertThat(minted.path("token").asText()).startsWith("lme_");
      assertThat(minted.path("maxUses").asInt()).isEqualTo(1);
      assertThat(Instant.parse(minted.path("expiresAt").asText()))
          .isEqualTo(f.clock.instant().plus(Duration.ofMinutes(15)));
      String id = minted.path("id").asText();

      String head = f.domain.configs().head().orElseThrow().id().value();
      String secret = minted.path("token").asText().substring(("lme_" + id + "_").length());
      assertThat(f.get("/api/v1/revisions/" + head + "/diff", f.viewer).body())
          .contains("enrollment-tokens/" + id)
          .doesNotContain(secret);
      JsonNode list = f.json(f.get("/api/v1/enrollment-tokens", f.viewer), 200);
      assertThat(list.path("items")).hasSize(1);
      assertThat(list.toString()).doesNotContain(minted.path("token").asText());
      JsonNode one = f.json(f.get("/api/v1/enrollment-tokens/" + id, f.viewer), 200);
      assertThat(one.path("acceptsNew").asBoolean()).isTrue();
      assertThat(one.has("token")).isFalse();

      List<AuditEntry> audit = f.auditEntries(AuditAction.ENROLLMENT_TOKEN_MINT);
      assertThat(audit)
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.actor()).isEqualTo("operator-bot");
                assertThat(e.target()).isEqualTo(id);
                assertThat(e.address()).isEqualTo("127.0.0.1");
              });
    }

    @Test
    void mintTakesTtlMaxUsesAndLabels() {
      JsonNode minted =
          f.json(
              f.send(
                  "POST",
                  "/api/v1/enrollment-tokens",
                  f.operator,
                  "{\"ttlSeconds\": 3600, \"maxUses\": 5, \"labels\": {\"env\": \"prod\"}}"),
              201);

      assertThat(minted.path("maxUses").asInt()).isEqualTo(5);
      assertThat(minted.path("labels").path("env").asText()).isEqualTo("prod");
      assertThat(Instant.parse(minted.path("expiresAt").asText()))
          .isEqualTo(f.clock.instant().plusSeconds(3600));
    }

    @Test
    void badBodiesAreRefusedAndNothingIsMinted() {
      f.error(
          f.send("POST", "/api/v1/enrollment-tokens", f.operator, "{\"ttlSeconds\": \"soon\"}"),
          400,
          "invalid_request");
      f.error(
          f.send("POST", "/api/v1/enrollment-tokens", f.operator, "{\"ttlSeconds\": 1.5}"),
          400,
          "invalid_request");
      assertThat(
              f.error(
                      f.send(
                          "POST", "/api/v1/enrollment-tokens", f.operator, "{\"ttlSeconds\": 1.5}"),
                      400,
                      "invalid_request")
                  .path("message")
                  .asText())
          .contains("ttlSeconds", "whole number");
      assertThat(
              f.error(
                      f.send(
                          "POST",
                          "/api/v1/enrollment-tokens",
                          f.operator,
                          "{\"ttlSeconds\": 99999999999999999999}"),
                      400,
                      "invalid_request")
                  .path("message")
                  .asText())
          .contains("out of range");
      f.error(
          f.send("POST", "/api/v1/enrollment-tokens", f.operator, "{\"maxUses\": true}"),
          400,
          "invalid_request");
      JsonNode unknown =
          f.error(
              f.send("POST", "/api/v1/enrollment-tokens", f.operator, "{\"tttl\": 5}"),
              400,
              "invalid_request");
      assertThat(unknown.path("message").asText()).contains("tttl");
      f.error(
          f.send("POST", "/api/v1/enrollment-tokens", f.operator, "{\"ttlSeconds\": 5"),
          400,
          "malformed_json");
      f.error(
          f.send("POST", "/api/v1/enrollment-tokens", f.operator, "[1]"), 400, "invalid_request");
      f.error(
          f.send("POST", "/api/v1/enrollment-tokens", f.operator, "{\"ttlSeconds\": 0}"),
          400,
          "invalid_request");
      f.error(
          f.send("POST", "/api/v1/enrollment-tokens", f.operator, "{\"maxUses\": -1}"),
          400,
          "invalid_request");
      f.error(
          f.send(
              "POST",
              "/api/v1/enrollment-tokens",
              f.operator,
              "{\"labels\": {\"bad key\": \"v\"}}"),
          400,
          "invalid_request");
      f.error(
          f.send("POST", "/api/v1/enrollment-tokens", f.operator, "{\"labels\": {\"k\": 5}}"),
          400,
          "invalid_request");
      f.error(
          f.send("POST", "/api/v1/enrollment-tokens", f.operator, "{} {}"), 400, "malformed_json");
      f.error(
          f.send(
              "POST",
              "/api/v1/enrollment-tokens",
              f.operator,
              "ttl=5",
              "Content-Type",
              "application/x-www-form-urlencoded"),
          415,
          "unsupported_media_type");

      assertThat(f.domain.enrollment().enrollmentTokens()).isEmpty();
    }

    @Test
    void repeatedKeysAreRefusedNotLastWins() {
      JsonNode twice =
          f.error(
              f.send(
                  "POST", "/api/v1/enrollment-tokens", f.operator, "{\"maxUses\":1,\"maxUses\":0}"),
              400,
              "invalid_request");
      assertThat(twice.path("message").asText()).contains("duplicate field", "maxUses");
      f.error(
          f.send(
              "POST",
              "/api/v1/enrollment-tokens",
              f.operator,
              "{\"labels\": {\"env\": \"dev\", \"env\": \"prod\"}}"),
          400,
          "invalid_request");

      assertThat(f.domain.enrollment().enrollmentTokens()).isEmpty();
    }

    @Test
    void revocationNamesTheCollectorsItCutsOffBeforeItIsConfirmed() {
      JsonNode minted =
          f.json(f.send("POST", "/api/v1/enrollment-tokens", f.operator, "{\"maxUses\": 5}"), 201);
      assertThat(minted.path("shared").asBoolean()).isTrue();
      assertThat(minted.path("note").asText()).contains("shared").contains("single-use");
      String id = minted.path("id").asText();
      String token = minted.path("token").asText();
      f.connect("with-credential", CollectorRuntime.OTELCOL, Transport.WEBSOCKET, token);
      f.domain
          .fleet()
          .connect(
              new ConnectCollectorCommand(
                  f.domain.fleet().authenticate(new AuthenticateCollectorCommand(token)),
                  CollectorId.of("alloy-1"),
                  CollectorRuntime.ALLOY,
                  Transport.REMOTECFG,
                  null,
                  Map.of(),
                  ConnectCollectorCommand.CredentialRequest.NONE,
                  null,
                  "10.0.0.8"));

      JsonNode one = f.json(f.get("/api/v1/enrollment-tokens/" + id, f.viewer), 200);
      JsonNode dryRun =
          f.json(
              f.send(
                  "DELETE", "/api/v1/enrollment-tokens/" + id + "?dryRun=true", f.operator, null),
              200);

      assertThat(one.path("collectorsCutOff").toString()).isEqualTo("[\"alloy-1\"]");
      assertThat(one.path("collectorsCutOffCount").asInt()).isEqualTo(1);
      assertThat(dryRun.path("collectorsCutOff").toString()).isEqualTo("[\"alloy-1\"]");
      assertThat(dryRun.path("revoked").asBoolean()).isFalse();
      assertThat(f.domain.enrollment().enrollmentToken(id).orElseThrow().revoked())
          .as("a dry run revokes nothing")
          .isFalse();
      assertThat(f.send("DELETE", "/api/v1/enrollment-tokens/" + id, f.operator, null).statusCode())
          .isEqualTo(204);
      assertThat(f.domain.fleet().authenticate(new AuthenticateCollectorCommand(token)))
          .isInstanceOf(CollectorAuthentication.Refused.class);
    }

    @Test
    void aSingleUseTokenIsNotShared() {
      JsonNode minted = f.json(f.send("POST", "/api/v1/enrollment-tokens", f.operator, "{}"), 201);
      assertThat(minted.path("shared").asBoolean()).isFalse();
      assertThat(minted.has("note")).isFalse();
    }

    @Test
    void revokeStopsEnrollmentAndIsAudited() {
      JsonNode minted = f.json(f.send("POST", "/api/v1/enrollment-tokens", f.operator, "{}"), 201);
      String id = minted.path("id").asText();

      assertThat(f.send("DELETE", "/api/v1/enrollment-tokens/" + id, f.operator, null).statusCode())
          .isEqualTo(204);

      CollectorAuthentication auth =
          f.domain
              .fleet()
              .authenticate(new AuthenticateCollectorCommand(minted.path("token").asText()));
      assertThat(auth).isInstanceOf(CollectorAuthentication.Refused.class);
      assertThat(
              f.json(f.get("/api/v1/enrollment-tokens/" + id, f.viewer), 200)
                  .path("revoked")
                  .asBoolean())
          .isTrue();
      assertThat(f.auditEntries(AuditAction.ENROLLMENT_TOKEN_REVOKE))
          .extracting(AuditEntry::target)
          .containsExactly(id);
      f.error(
          f.send("DELETE", "/api/v1/enrollment-tokens/nosuchtoken", f.operator, null),
          404,
          "not_found");
      f.error(f.get("/api/v1/enrollment-tokens/nosuchtoken", f.viewer), 404, "not_found");
    }
  }

  @Nested
  class Collectors {
    private CollectorId web;
    private CollectorId edge;
    private String webToken;

    @BeforeEach
    void enroll() {
      webToken = f.mintEnrollmentToken(Map.of("env", "prod"));
      web = f.connect("web-01", CollectorRuntime.OTELCOL, Transport.WEBSOCKET, webToken);
      edge =
          f.connect(
              "edge-01",
              CollectorRuntime.ALLOY,
              Transport.REMOTECFG,
              f.mintEnrollmentToken(Map.of("env", "dev")));
    }

    @Test
    void listShowsTheContractShape() {
      JsonNode items = f.json(f.get("/api/v1/collectors", f.viewer), 200).path("items");

      assertThat(items).hasSize(2);
      JsonNode web01 = items.get(1);
      assertThat(web01.path("id").asText()).isEqualTo("web-01");
      assertThat(web01.path("name").asText()).isEqualTo("web-01");
      assertThat(web01.path("runtime").asText()).isEqualTo("otelcol");
      assertThat(web01.path("connected").asBoolean()).isTrue();
      assertThat(web01.path("transport").asText()).isEqualTo("websocket");
      assertThat(web01.path("labels").path("env").asText()).isEqualTo("prod");
      assertThat(web01.path("attributes").path("host.name").asText()).isEqualTo("web-01");
      assertThat(web01.path("remoteConfigStatus").path("status").asText()).isEqualTo("UNSET");
      assertThat(web01.has("health")).isTrue();
      assertThat(web01.has("desiredConfigHash")).isTrue();
      assertThat(web01.has("appliedConfigHash")).isTrue();
      assertThat(web01.path("lastSeen").asText()).isEqualTo(f.clock.instant().toString());
    }

    @Test
    void listFiltersByRuntimeLabelAndConnection() {
      assertThat(ids("/api/v1/collectors?runtime=alloy")).containsExactly("edge-01");
      assertThat(ids("/api/v1/collectors?label=env=prod")).containsExactly("web-01");
      assertThat(ids("/api/v1/collectors?label=env=prod&label=host.name=web-01")).isEmpty();
      assertThat(ids("/api/v1/collectors?connected=true")).containsExactly("edge-01", "web-01");
      assertThat(ids("/api/v1/collectors?connected=false")).isEmpty();

      f.error(f.get("/api/v1/collectors?runtime=fluentbit", f.viewer), 400, "invalid_request");
      f.error(f.get("/api/v1/collectors?label=env", f.viewer), 400, "invalid_request");
      f.error(f.get("/api/v1/collectors?connected=maybe", f.viewer), 400, "invalid_request");
    }

    private List<String> ids(String path) {
      List<String> out = new ArrayList<>();
      f.json(f.get(path, f.viewer), 200).path("items").forEach(n -> out.add(n.path("id").asText()));
      return out;
    }

    @Test
    void getOneAndUnknownIsNotFound() {
      assertThat(f.json(f.get("/api/v1/collectors/web-01", f.viewer), 200).path("id").asText())
          .isEqualTo("web-01");
      f.error(f.get("/api/v1/collectors/nope", f.viewer), 404, "not_found");
      f.error(f.get("/api/v1/collectors/%20bad", f.viewer), 404, "not_found");
    }

    @Test
    void effectiveConfigIsTextOrNotFound() {
      f.error(f.get("/api/v1/collectors/web-01/effective-config", f.viewer), 404, "not_found");

      f.reportEffectiveConfig(web, "receivers:\n  otlp: {}\n");

      HttpResponse<String> response = f.get("/api/v1/collectors/web-01/effective-config", f.viewer);
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type"))
          .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
      assertThat(response.body()).isEqualTo("receivers:\n  otlp: {}\n");
    }

    @Test
    void desiredConfigFollowsMatchingConfigs() {
      f.error(f.get("/api/v1/collectors/web-01/desired-config", f.viewer), 404, "not_found");
      f.json(
          f.send("PUT", "/api/v1/configs/base", f.operator, putConfigBody("receivers: {}\n")), 200);

      HttpResponse<String> response = f.get("/api/v1/collectors/web-01/desired-config", f.viewer);

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).contains("receivers: {}");
      String hash =
          f.json(f.get("/api/v1/collectors/web-01", f.viewer), 200)
              .path("desiredConfigHash")
              .asText();
      assertThat(response.headers().firstValue("ETag")).hasValue("\"" + hash + "\"");
    }

    @Test
    void putLabelsReplacesThemAndIsAudited() {
      JsonNode updated =
          f.json(
              f.send(
                  "PUT",
                  "/api/v1/collectors/web-01/labels",
                  f.operator,
                  "{\"env\":\"staging\",\"team\":\"obs\"}"),
              200);

      assertThat(updated.path("labels").path("env").asText()).isEqualTo("staging");
      assertThat(updated.path("labels").path("team").asText()).isEqualTo("obs");
      assertThat(f.auditEntries(AuditAction.COLLECTOR_LABELS))
          .extracting(AuditEntry::target)
          .containsExactly("web-01");
    }

    @Test
    void badLabelsAreRefusedAndNothingChanges() {
      f.error(
          f.send("PUT", "/api/v1/collectors/web-01/labels", f.operator, "{\"env\": 1}"),
          400,
          "invalid_request");
      f.error(
          f.send("PUT", "/api/v1/collectors/web-01/labels", f.operator, "[\"env\"]"),
          400,
          "invalid_request");
      f.error(
          f.send("PUT", "/api/v1/collectors/web-01/labels", f.operator, "{\"-bad\": \"x\"}"),
          400,
          "invalid_request");
      f.error(
          f.send("PUT", "/api/v1/collectors/web-01/labels", f.operator, "{\"env\": null}"),
          400,
          "invalid_request");
      f.error(
          f.send("PUT", "/api/v1/collectors/web-01/labels", f.operator, "{env: 1}"),
          400,
          "malformed_json");
      f.error(f.send("PUT", "/api/v1/collectors/nope/labels", f.operator, "{}"), 404, "not_found");

      assertThat(f.domain.fleet().collector(web).orElseThrow().labels())
          .containsExactly(Map.entry("env", "prod"));
    }

    @Test
    void deregisterForgetsTheCollectorRevokesItAndIsAudited() {
      assertThat(f.send("DELETE", "/api/v1/collectors/web-01", f.operator, null).statusCode())
          .isEqualTo(204);

      f.error(f.get("/api/v1/collectors/web-01", f.viewer), 404, "not_found");
      f.error(f.send("DELETE", "/api/v1/collectors/web-01", f.operator, null), 404, "not_found");
      assertThat(f.auditEntries(AuditAction.COLLECTOR_DEREGISTER))
          .extracting(AuditEntry::target)
          .containsExactly("web-01");
      assertThat(f.auditEntries(AuditAction.COLLECTOR_DEREGISTER).get(0).actor())
          .isEqualTo("operator-bot");
      ConnectOutcome again =
          f.tryConnect("web-01", CollectorRuntime.OTELCOL, Transport.WEBSOCKET, webToken);
      assertThat(again).isInstanceOf(ConnectOutcome.Refused.class);
      assertThat(((ConnectOutcome.Refused) again).reason())
          .isEqualTo(io.linkmesh.domain.port.in.Refusal.DEREGISTERED);
    }

    @Test
    void eventsListTheLifecycleNewestFirst() {
      JsonNode events =
          f.json(f.get("/api/v1/collectors/edge-01/events", f.viewer), 200).path("items");

      List<String> types = new ArrayList<>();
      events.forEach(e -> types.add(e.path("type").asText()));
      assertThat(types).contains("registered", "connected");
      assertThat(events.get(0).path("time").asText()).isNotBlank();
      f.error(f.get("/api/v1/collectors/nope/events", f.viewer), 404, "not_found");
      f.error(f.get("/api/v1/collectors/edge-01/events?limit=0", f.viewer), 400, "invalid_request");
      assertThat(edge.value()).isEqualTo("edge-01");
    }
  }

  @Nested
  class Configs {
    @Test
    void putCreatesARevisionAndIsAudited() {
      HttpResponse<String> response =
          f.send("PUT", "/api/v1/configs/base", f.operator, putConfigBody("receivers: {}\n"));
      JsonNode body = f.json(response, 200);

      String revision = body.path("revision").asText();
      assertThat(body.path("config").path("name").asText()).isEqualTo("base");
      assertThat(body.path("config").path("runtime").asText()).isEqualTo("otelcol");
      assertThat(body.path("config").path("selector").path("env").asText()).isEqualTo("prod");
      assertThat(body.path("config").path("content").asText()).isEqualTo("receivers: {}\n");
      assertThat(body.path("unchanged").asBoolean()).isFalse();
      assertThat(response.headers().firstValue("ETag")).hasValue("\"" + revision + "\"");
      assertThat(f.domain.configs().head().orElseThrow().id().value()).isEqualTo(revision);
      assertThat(f.auditEntries(AuditAction.CONFIG_PUT))
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.target()).isEqualTo("base");
                assertThat(e.actor()).isEqualTo("operator-bot");
                assertThat(e.detail()).contains(revision);
              });
    }

    @Test
    void samePutTwiceIsUnchanged() {
      String first =
          f.json(f.send("PUT", "/api/v1/configs/base", f.operator, putConfigBody("a: 1\n")), 200)
              .path("revision")
              .asText();
      JsonNode again =
          f.json(f.send("PUT", "/api/v1/configs/base", f.operator, putConfigBody("a: 1\n")), 200);

      assertThat(again.path("unchanged").asBoolean()).isTrue();
      assertThat(again.path("revision").asText()).isEqualTo(first);
    }

    @Test
    void getAndListCarryTheHeadAsETag() {
      String revision =
          f.json(f.send("PUT", "/api/v1/configs/base", f.operator, putConfigBody("a: 1\n")), 200)
              .path("revision")
              .asText();

      HttpResponse<String> one = f.get("/api/v1/configs/base", f.viewer);
      assertThat(f.json(one, 200).path("content").asText()).isEqualTo("a: 1\n");
      assertThat(one.headers().firstValue("ETag")).hasValue("\"" + revision + "\"");
      JsonNode list = f.json(f.get("/api/v1/configs", f.viewer), 200);
      assertThat(list.path("items")).hasSize(1);
      assertThat(list.path("revision").asText()).isEqualTo(revision);
      f.error(f.get("/api/v1/configs/nope", f.viewer), 404, "not_found");
      f.error(f.get("/api/v1/configs/Bad..Name", f.viewer), 400, "invalid_request");
    }

    @Test
    void staleIfMatchIsAConflictAndNothingChanges() {
      String base =
          f.json(f.send("PUT", "/api/v1/configs/base", f.operator, putConfigBody("a: 1\n")), 200)
              .path("revision")
              .asText();
      String head =
          f.json(
                  f.send(
                      "PUT",
                      "/api/v1/configs/base",
                      f.operator,
                      putConfigBody("a: 2\n"),
                      "If-Match",
                      "\"" + base + "\""),
                  200)
              .path("revision")
              .asText();

      JsonNode error =
          f.error(
              f.send(
                  "PUT",
                  "/api/v1/configs/base",
                  f.operator,
                  putConfigBody("a: 3\n"),
                  "If-Match",
                  "\"" + base + "\""),
              409,
              "conflict");

      assertThat(error.path("head").asText()).isEqualTo(head);
      assertThat(f.domain.configs().configs())
          .singleElement()
          .satisfies(c -> assertThat(c.content()).isEqualTo("a: 2\n"));
      f.error(
          f.send(
              "PUT",
              "/api/v1/configs/base",
              f.operator,
              putConfigBody("a: 3\n"),
              "If-Match",
              "\"unknown-revision\""),
          409,
          "conflict");
    }

    @Test
    void malformedIfMatchIsABadRequest() {
      for (String bad : List.of("abc", "\"\"", "W/\"abc\"", "\"a b\"", "\"abc\", \"def\"")) {
        f.error(
            f.send(
                "PUT",
                "/api/v1/configs/base",
                f.operator,
                putConfigBody("a: 1\n"),
                "If-Match",
                bad),
            400,
            "invalid_if_match");
      }
      assertThat(f.domain.configs().configs()).isEmpty();
    }

    @Test
    void contentTheValidatorRejectsIs422WithLineAndColumnAndNothingStored() {
      var headBefore = f.domain.configs().head();
      JsonNode error =
          f.error(
              f.send(
                  "PUT",
                  "/api/v1/configs/base",
                  f.operator,
                  putConfigBody("receivers:\n  bogus: {}\n")),
              422,
              "invalid_config");

      assertThat(error.path("problems")).hasSize(1);
      assertThat(error.path("problems").get(0).path("line").asInt()).isEqualTo(2);
      assertThat(error.path("problems").get(0).path("column").asInt()).isEqualTo(3);
      assertThat(error.path("problems").get(0).path("message").asText()).contains("bogus");
      assertThat(error.path("message").asText()).contains("2:3");
      assertThat(f.domain.configs().configs()).isEmpty();
      assertThat(f.domain.configs().head()).isEqualTo(headBefore);
      assertThat(f.auditEntries(AuditAction.CONFIG_PUT)).isEmpty();
    }

    @Test
    void badBodiesAreRefusedAndNothingStored() {
      f.error(
          f.send(
              "PUT",
              "/api/v1/configs/base",
              f.operator,
              "{\"runtime\":\"otelcol\",\"content\":\"a\",\"extra\":1}"),
          400,
          "invalid_request");
      f.error(
          f.send(
              "PUT", "/api/v1/configs/base", f.operator, "{\"runtime\":\"otelcol\",\"content\":5}"),
          400,
          "invalid_request");
      f.error(
          f.send(
              "PUT",
              "/api/v1/configs/base",
              f.operator,
              "{\"runtime\":\"otelcol\",\"content\":\"a\",\"selector\":[]}"),
          400,
          "invalid_request");
      f.error(
          f.send(
              "PUT",
              "/api/v1/configs/base",
              f.operator,
              "{\"runtime\":\"fluentd\",\"content\":\"a\"}"),
          400,
          "invalid_request");
      f.error(
          f.send("PUT", "/api/v1/configs/base", f.operator, "{\"content\":\"a\"}"),
          400,
          "invalid_request");
      f.error(
          f.send("PUT", "/api/v1/configs/base", f.operator, "{\"runtime\":\"otelcol\"}"),
          400,
          "invalid_request");
      f.error(
          f.send(
              "PUT",
              "/api/v1/configs/base",
              f.operator,
              "{\"runtime\":\"otelcol\",\"content\":\"  \"}"),
          400,
          "invalid_request");
      f.error(
          f.send(
              "PUT",
              "/api/v1/configs/base",
              f.operator,
              "{\"runtime\":\"otelcol\",\"content\":\"a\""),
          400,
          "malformed_json");
      f.error(f.send("PUT", "/api/v1/configs/base", f.operator, ""), 400, "invalid_request");
      f.error(
          f.send("PUT", "/api/v1/configs/BAD", f.operator, putConfigBody("a: 1\n")),
          400,
          "invalid_request");
      f.error(
          f.send(
              "PUT",
              "/api/v1/configs/base",
              f.operator,
              "{\"runtime\":\"otelcol\",\"pipeline\":{}}"),
          422,
          "pipeline_not_supported");

      assertThat(f.domain.configs().configs()).isEmpty();
    }

    @Test
    void oversizeBodyIsPayloadTooLarge() {
      String big = putConfigBody("a: " + "x".repeat(70 * 1024) + "\n");

      f.error(f.send("PUT", "/api/v1/configs/base", f.operator, big), 413, "payload_too_large");

      HttpRequest chunked =
          HttpRequest.newBuilder(f.base.resolve("/api/v1/configs/base"))
              .header("Authorization", "Bearer " + f.operator)
              .header("Content-Type", "application/json")
              .PUT(
                  HttpRequest.BodyPublishers.fromPublisher(
                      HttpRequest.BodyPublishers.ofString(big)))
              .build();
      f.error(f.send(chunked), 413, "payload_too_large");
      assertThat(f.domain.configs().configs()).isEmpty();
    }

    @Test
    void deleteMakesARevisionAndIsAudited() {
      f.json(f.send("PUT", "/api/v1/configs/base", f.operator, putConfigBody("a: 1\n")), 200);

      JsonNode deleted = f.json(f.send("DELETE", "/api/v1/configs/base", f.operator, null), 200);

      assertThat(deleted.path("revision").asText())
          .isEqualTo(f.domain.configs().head().orElseThrow().id().value());
      assertThat(f.domain.configs().configs()).isEmpty();
      assertThat(f.auditEntries(AuditAction.CONFIG_DELETE))
          .extracting(AuditEntry::target)
          .containsExactly("base");
      f.error(f.send("DELETE", "/api/v1/configs/base", f.operator, null), 404, "not_found");
    }

    @Test
    void deleteWithStaleIfMatchIsAConflict() {
      String base =
          f.json(f.send("PUT", "/api/v1/configs/base", f.operator, putConfigBody("a: 1\n")), 200)
              .path("revision")
              .asText();
      f.json(f.send("PUT", "/api/v1/configs/base", f.operator, putConfigBody("a: 2\n")), 200);

      f.error(
          f.send(
              "DELETE", "/api/v1/configs/base", f.operator, null, "If-Match", "\"" + base + "\""),
          409,
          "conflict");
      assertThat(f.domain.configs().configs()).hasSize(1);
    }

    @Test
    void damagedStoredStateIsAServerErrorNotAClientOne() {
      String first =
          f.json(f.send("PUT", "/api/v1/configs/base", f.operator, putConfigBody("a: 1\n")), 200)
              .path("revision")
              .asText();
      f.json(f.send("PUT", "/api/v1/configs/base", f.operator, putConfigBody("a: 2\n")), 200);
      f.store.damaged = true;

      f.error(
          f.send("POST", "/api/v1/revisions/" + first + "/restore", f.operator, null),
          500,
          "store_damaged");
    }

    @Test
    void storeOutageIsServiceUnavailable() {
      f.store.unavailable = true;

      f.error(
          f.send("PUT", "/api/v1/configs/base", f.operator, putConfigBody("a: 1\n")),
          503,
          "store_unavailable");
    }

    @Test
    void twoClientsEditingTheSameBaseGetExactlyOneConflict() throws Exception {
      String base =
          f.json(f.send("PUT", "/api/v1/configs/base", f.operator, putConfigBody("a: 0\n")), 200)
              .path("revision")
              .asText();
      for (int round = 1; round <= 5; round++) {
        List<CompletableFuture<HttpResponse<String>>> both = new ArrayList<>();
        for (String who : List.of("left", "right")) {
          HttpRequest request =
              f.request(
                  "PUT",
                  "/api/v1/configs/base",
                  f.operator,
                  putConfigBody("a: " + round + "\nby: " + who + "\n"),
                  "If-Match",
                  "\"" + base + "\"");
          both.add(f.client.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
        }
        List<Integer> statuses = new ArrayList<>();
        String winner = null;
        for (CompletableFuture<HttpResponse<String>> future : both) {
          HttpResponse<String> response = future.get(20, TimeUnit.SECONDS);
          statuses.add(response.statusCode());
          if (response.statusCode() == 200) {
            winner = f.json(response, 200).path("revision").asText();
          }
        }

        assertThat(statuses).as("round " + round).containsExactlyInAnyOrder(200, 409);
        base = winner;
      }
      assertThat(f.auditEntries(AuditAction.CONFIG_PUT)).hasSize(6);
    }
  }

  @Nested
  class Revisions {
    private final List<String> made = new ArrayList<>();

    @BeforeEach
    void history() {
      for (int i = 1; i <= 3; i++) {
        made.add(
            f.json(
                    f.send(
                        "PUT",
                        "/api/v1/configs/base",
                        f.operator,
                        putConfigBody("receivers:\n  otlp: {}\nversion: " + i + "\n")),
                    200)
                .path("revision")
                .asText());
      }
    }

    @Test
    void historyIsPagedNewestFirst() {
      JsonNode page1 = f.json(f.get("/api/v1/revisions?limit=2", f.viewer), 200);
      assertThat(page1.path("items")).hasSize(2);
      assertThat(page1.path("items").get(0).path("id").asText()).isEqualTo(made.get(2));
      assertThat(page1.path("items").get(0).path("parent").asText()).isEqualTo(made.get(1));
      assertThat(page1.path("items").get(0).path("author").asText()).isEqualTo("operator-bot");
      assertThat(page1.path("items").get(0).path("message").asText()).contains("base");
      assertThat(page1.path("items").get(0).path("time").asText())
          .isEqualTo(f.clock.instant().toString());

      JsonNode page2 =
          f.json(
              f.get("/api/v1/revisions?limit=2&from=" + page1.path("next").asText(), f.viewer),
              200);
      // The viewer and operator API tokens minted at start are revisions too.
      assertThat(page2.path("items").get(0).path("id").asText()).isEqualTo(made.get(0));

      f.error(f.get("/api/v1/revisions?limit=0", f.viewer), 400, "invalid_request");
      f.error(f.get("/api/v1/revisions?limit=501", f.viewer), 400, "invalid_request");
      f.error(f.get("/api/v1/revisions?limit=ten", f.viewer), 400, "invalid_request");
      f.error(f.get("/api/v1/revisions?from=nope", f.viewer), 404, "not_found");
    }

    @Test
    void getOneShowsItsConfigs() {
      JsonNode one = f.json(f.get("/api/v1/revisions/" + made.get(0), f.viewer), 200);

      assertThat(one.path("id").asText()).isEqualTo(made.get(0));
      assertThat(one.path("configs").get(0).path("content").asText()).contains("version: 1");
      f.error(f.get("/api/v1/revisions/nope", f.viewer), 404, "not_found");
    }

    @Test
    void diffShowsAUnifiedLineDiffAndStructuredEntries() {
      JsonNode diff = f.json(f.get("/api/v1/revisions/" + made.get(1) + "/diff", f.viewer), 200);

      assertThat(diff.path("from").asText()).isEqualTo(made.get(0));
      assertThat(diff.path("to").asText()).isEqualTo(made.get(1));
      JsonNode entry = diff.path("entries").get(0);
      assertThat(entry.path("path").asText()).isEqualTo("configs/base");
      assertThat(entry.path("kind").asText()).isEqualTo("modified");
      assertThat(entry.path("before").asText()).contains("version: 1");
      assertThat(entry.path("after").asText()).contains("version: 2");
      assertThat(entry.path("unifiedDiff").asText())
          .contains(
              "--- a/configs/base",
              "+++ b/configs/base",
              "@@",
              "-version: 1",
              "+version: 2",
              "   otlp: {}");
      assertThat(diff.path("unifiedDiff").asText()).isEqualTo(entry.path("unifiedDiff").asText());

      HttpResponse<String> text =
          f.get("/api/v1/revisions/" + made.get(1) + "/diff?format=unified", f.viewer);
      assertThat(text.statusCode()).isEqualTo(200);
      assertThat(text.headers().firstValue("Content-Type"))
          .hasValueSatisfying(t -> assertThat(t).startsWith("text/x-diff"));
      assertThat(text.body()).contains("-version: 1\n+version: 2\n");

      JsonNode against =
          f.json(
              f.get("/api/v1/revisions/" + made.get(2) + "/diff?against=" + made.get(0), f.viewer),
              200);
      assertThat(against.path("unifiedDiff").asText()).contains("-version: 1", "+version: 3");

      JsonNode first = f.json(f.get("/api/v1/revisions/" + made.get(0) + "/diff", f.viewer), 200);
      assertThat(first.path("entries").get(0).path("kind").asText()).isEqualTo("added");
      assertThat(first.path("entries").get(0).path("unifiedDiff").asText())
          .contains("--- /dev/null", "+version: 1");

      f.error(f.get("/api/v1/revisions/nope/diff", f.viewer), 404, "not_found");
      f.error(
          f.get("/api/v1/revisions/" + made.get(1) + "/diff?format=html", f.viewer),
          400,
          "invalid_request");
    }

    @Test
    void diffsNeverShowSecretVerifiersToAnyRole() {
      f.json(f.send("POST", "/api/v1/enrollment-tokens", f.operator, "{}"), 201);
      String head =
          f.json(f.get("/api/v1/revisions?limit=1", f.viewer), 200)
              .path("items")
              .get(0)
              .path("id")
              .asText();
      java.util.regex.Pattern verifier =
          java.util.regex.Pattern.compile("(secret|credential)-sha256: [0-9a-f]{64}");

      for (String token : List.of(f.viewer, f.operator, ADMIN)) {
        HttpResponse<String> json = f.get("/api/v1/revisions/" + head + "/diff", token);
        JsonNode entry = f.json(json, 200).path("entries").get(0);
        assertThat(entry.path("path").asText()).startsWith("enrollment-tokens/");
        assertThat(entry.path("after").asText()).contains("secret-sha256: [redacted]");
        assertThat(verifier.matcher(json.body()).find()).as(json.body()).isFalse();

        HttpResponse<String> unified =
            f.get("/api/v1/revisions/" + head + "/diff?format=unified", token);
        assertThat(unified.body()).contains("+secret-sha256: [redacted]");
        assertThat(verifier.matcher(unified.body()).find()).as(unified.body()).isFalse();
      }
      // The API tokens minted at start (the first revisions) are redacted too.
      JsonNode first = f.json(f.get("/api/v1/revisions?limit=500", ADMIN), 200).path("items");
      String oldest = first.get(first.size() - 1).path("id").asText();
      HttpResponse<String> apiToken = f.get("/api/v1/revisions/" + oldest + "/diff", ADMIN);
      assertThat(apiToken.body()).contains("api-tokens/", "[redacted]");
      assertThat(verifier.matcher(apiToken.body()).find()).as(apiToken.body()).isFalse();
    }

    @Test
    void restoreMakesANewRevisionWithTheOldContentAndIsAudited() {
      JsonNode restored =
          f.json(
              f.send("POST", "/api/v1/revisions/" + made.get(0) + "/restore", f.operator, null),
              200);

      String id = restored.path("revision").path("id").asText();
      assertThat(id).isNotIn(made);
      assertThat(restored.path("revision").path("parent").asText()).isEqualTo(made.get(2));
      assertThat(restored.path("restoredFrom").asText()).isEqualTo(made.get(0));
      assertThat(restored.path("unchanged").asBoolean()).isFalse();
      assertThat(f.json(f.get("/api/v1/configs/base", f.viewer), 200).path("content").asText())
          .contains("version: 1");
      assertThat(f.auditEntries(AuditAction.REVISION_RESTORE))
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.target()).isEqualTo(made.get(0));
                assertThat(e.detail()).contains(id);
              });

      JsonNode again =
          f.json(
              f.send("POST", "/api/v1/revisions/" + made.get(0) + "/restore", f.operator, null),
              200);
      assertThat(again.path("unchanged").asBoolean()).isTrue();
    }

    @Test
    void restoreUnknownOrStaleIsRefused() {
      f.error(f.send("POST", "/api/v1/revisions/nope/restore", f.operator, null), 404, "not_found");
      f.error(
          f.send(
              "POST",
              "/api/v1/revisions/" + made.get(0) + "/restore",
              f.operator,
              null,
              "If-Match",
              "\"" + made.get(1) + "\""),
          409,
          "conflict");
      f.error(
          f.send(
              "POST",
              "/api/v1/revisions/" + made.get(0) + "/restore",
              f.operator,
              null,
              "If-Match",
              "nope"),
          400,
          "invalid_if_match");

      assertThat(f.json(f.get("/api/v1/configs/base", f.viewer), 200).path("content").asText())
          .contains("version: 3");
    }
  }

  @Nested
  class ApiTokens {
    @Test
    void mintShowsTheTokenOnceListShowsLastUseRevokeEndsIt() {
      JsonNode minted =
          f.json(
              f.send(
                  "POST", "/api/v1/api-tokens", ADMIN, "{\"name\":\"ci\",\"role\":\"operator\"}"),
              201);
      String token = minted.path("token").asText();
      String id = minted.path("id").asText();
      assertThat(token).startsWith("lma_" + id + "_");
      assertThat(minted.path("role").asText()).isEqualTo("operator");
      assertThat(minted.path("expiresAt").isNull()).isTrue();

      JsonNode before = find(f.json(f.get("/api/v1/api-tokens", ADMIN), 200), id);
      assertThat(before.path("lastUsed").isNull()).isTrue();
      assertThat(before.toString()).doesNotContain(token);

      f.clock.advance(Duration.ofMinutes(1));
      assertThat(f.get("/api/v1/whoami", token).statusCode()).isEqualTo(200);
      JsonNode after = find(f.json(f.get("/api/v1/api-tokens", ADMIN), 200), id);
      assertThat(after.path("lastUsed").asText()).isEqualTo(f.clock.instant().toString());

      assertThat(f.send("DELETE", "/api/v1/api-tokens/" + id, ADMIN, null).statusCode())
          .isEqualTo(204);
      f.error(f.get("/api/v1/whoami", token), 401, "unauthenticated");
      f.error(f.send("DELETE", "/api/v1/api-tokens/" + id, ADMIN, null), 404, "not_found");

      assertThat(f.auditEntries(AuditAction.API_TOKEN_MINT))
          .extracting(AuditEntry::target)
          .contains(id);
      assertThat(f.auditEntries(AuditAction.API_TOKEN_REVOKE))
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.target()).isEqualTo(id);
                assertThat(e.actor()).isEqualTo("admin");
              });
    }

    private JsonNode find(JsonNode list, String id) {
      for (JsonNode item : list.path("items")) {
        if (item.path("id").asText().equals(id)) {
          return item;
        }
      }
      throw new AssertionError("no token " + id + " in " + list);
    }

    @Test
    void badMintRequestsAreRefused() {
      f.error(
          f.send("POST", "/api/v1/api-tokens", ADMIN, "{\"name\":\"x\",\"role\":\"root\"}"),
          400,
          "invalid_request");
      f.error(
          f.send("POST", "/api/v1/api-tokens", ADMIN, "{\"role\":\"viewer\"}"),
          400,
          "invalid_request");
      f.error(
          f.send("POST", "/api/v1/api-tokens", ADMIN, "{\"name\":\"x\"}"), 400, "invalid_request");
      f.error(
          f.send(
              "POST",
              "/api/v1/api-tokens",
              ADMIN,
              "{\"name\":\"x\",\"role\":\"viewer\",\"ttlSeconds\":-5}"),
          400,
          "invalid_request");
      f.error(
          f.send(
              "POST",
              "/api/v1/api-tokens",
              ADMIN,
              "{\"name\":\"" + "n".repeat(200) + "\",\"role\":\"viewer\"}"),
          400,
          "invalid_request");
      f.error(
          f.send(
              "POST",
              "/api/v1/api-tokens",
              ADMIN,
              "{\"name\":\"x\",\"role\":\"viewer\",\"admin\":true}"),
          400,
          "invalid_request");

      assertThat(f.domain.operators().apiTokens()).hasSize(2);
    }
  }

  @Nested
  class Audit {
    @Test
    void listsNewestFirstPagedAndFiltered() {
      for (int i = 0; i < 3; i++) {
        f.json(f.send("POST", "/api/v1/enrollment-tokens", f.operator, "{}"), 201);
        f.clock.advance(Duration.ofMinutes(1));
      }
      f.json(f.send("PUT", "/api/v1/configs/base", ADMIN, putConfigBody("a: 1\n")), 200);

      JsonNode page1 = f.json(f.get("/api/v1/audit?limit=2", f.viewer), 200);
      assertThat(page1.path("items")).hasSize(2);
      JsonNode newest = page1.path("items").get(0);
      assertThat(newest.path("action").asText()).isEqualTo(AuditAction.CONFIG_PUT);
      assertThat(newest.path("actor").asText()).isEqualTo("admin");
      assertThat(newest.path("target").asText()).isEqualTo("base");
      assertThat(newest.path("address").asText()).isEqualTo("127.0.0.1");
      assertThat(newest.path("outcome").asText()).isEqualTo("ok");
      long next = page1.path("next").asLong();
      JsonNode page2 = f.json(f.get("/api/v1/audit?limit=2&before=" + next, f.viewer), 200);
      assertThat(page2.path("items").get(0).path("sequence").asLong()).isLessThan(next);

      JsonNode mints =
          f.json(
              f.get("/api/v1/audit?action=enrollment_token.mint&actor=operator-bot", f.viewer),
              200);
      assertThat(mints.path("items")).hasSize(3);
      assertThat(mints.path("next").isNull()).isTrue();

      Instant start = Instant.parse("2026-11-26T10:00:00Z");
      JsonNode window =
          f.json(
              f.get(
                  "/api/v1/audit?action=enrollment_token.mint&since="
                      + start.plusSeconds(60)
                      + "&until="
                      + start.plusSeconds(120),
                  f.viewer),
              200);
      assertThat(window.path("items")).hasSize(1);

      f.error(f.get("/api/v1/audit?since=yesterday", f.viewer), 400, "invalid_request");
      f.error(f.get("/api/v1/audit?before=x", f.viewer), 400, "invalid_request");
      f.error(f.get("/api/v1/audit?limit=1000", f.viewer), 400, "invalid_request");
      f.error(f.get("/api/v1/audit?action=a&action=b", f.viewer), 400, "invalid_request");
    }
  }

  @Nested
  class Metrics {
    @Test
    void exposesCollectorsRequestsAdapterCountersStoreLatencyAndHeap() {
      f.connect(
          "web-01", CollectorRuntime.OTELCOL, Transport.WEBSOCKET, f.mintEnrollmentToken(Map.of()));
      f.metrics.messageReceived(CollectorRuntime.OTELCOL);
      f.metrics.configPushed(CollectorRuntime.OTELCOL);
      f.get("/api/v1/collectors/nope", f.viewer);

      HttpResponse<String> response = f.get("/api/v1/metrics", f.viewer);

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type"))
          .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain; version=0.0.4"));
      assertThat(response.body())
          .contains("# TYPE linkmesh_collectors_connected gauge")
          .contains("linkmesh_collectors_connected{runtime=\"otelcol\",transport=\"websocket\"} 1")
          .contains("linkmesh_collectors_connected{runtime=\"alloy\",transport=\"remotecfg\"} 0")
          .contains("linkmesh_collector_messages_total{direction=\"in\",protocol=\"opamp\"} 1")
          .contains("linkmesh_config_pushes_total{protocol=\"opamp\"} 1")
          .contains("linkmesh_api_requests_total{status=\"404\"} 1")
          .contains("# TYPE linkmesh_store_commit_seconds summary")
          .containsPattern("linkmesh_store_commit_seconds_count\\{result=\"committed\"\\} [1-9]")
          .contains("jvm_memory_heap_used_bytes ");
      f.error(f.get("/api/v1/metrics", null), 401, "unauthenticated");
    }
  }

  @Nested
  class Bootstrap {
    @Test
    void rendersTheSnippetForAnEnrollmentToken() {
      String token =
          f.json(f.send("POST", "/api/v1/enrollment-tokens", f.operator, "{}"), 201)
              .path("token")
              .asText();

      HttpResponse<String> otelcol = f.get("/api/v1/bootstrap/otelcol?token=" + token, f.operator);
      HttpResponse<String> alloy = f.get("/api/v1/bootstrap/alloy?token=" + token, f.operator);

      assertThat(otelcol.statusCode()).isEqualTo(200);
      assertThat(otelcol.body())
          .isEqualTo("runtime=otelcol\nurl=https://linkmesh.example:443\ntoken=" + token + "\n");
      assertThat(alloy.body()).startsWith("runtime=alloy\n");
    }

    @Test
    void refusesBadTokensUnknownRuntimesAndViewers() {
      String token =
          f.json(f.send("POST", "/api/v1/enrollment-tokens", f.operator, "{}"), 201)
              .path("token")
              .asText();

      f.error(f.get("/api/v1/bootstrap/otelcol", f.operator), 400, "invalid_request");
      f.error(
          f.get("/api/v1/bootstrap/otelcol?token=" + f.viewer, f.operator), 400, "invalid_token");
      f.error(
          f.get(
              "/api/v1/bootstrap/otelcol?token=" + token.substring(0, token.length() - 1) + "A",
              f.operator),
          400,
          "invalid_token");
      f.error(f.get("/api/v1/bootstrap/fluentbit?token=" + token, f.operator), 404, "not_found");
      f.error(f.get("/api/v1/bootstrap/otelcol?token=" + token, f.viewer), 403, "forbidden");
      f.clock.advance(Duration.ofMinutes(16));
      f.error(f.get("/api/v1/bootstrap/otelcol?token=" + token, f.operator), 400, "invalid_token");
    }

    @Test
    void withoutARendererItIsNotImplemented() throws Exception {
      try (ApiFixture bare = new ApiFixture(b -> {})) {
        String token = bare.mintEnrollmentToken(Map.of());
        bare.error(
            bare.get("/api/v1/bootstrap/otelcol?token=" + token, ADMIN), 501, "not_configured");
      }
    }
  }

  @Nested
  class Builder {
    @Test
    void refusesUnboundedOrMissingOptions() {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> RestApi.builder().build())
          .isInstanceOf(NullPointerException.class);
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> RestApi.builder().maxBodyBytes(10))
          .isInstanceOf(IllegalArgumentException.class);
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> RestApi.builder().externalUrl(java.net.URI.create("/relative")))
          .isInstanceOf(IllegalArgumentException.class);
      assertThat(Role.ADMIN.allows(Role.OPERATOR)).isTrue();
    }
  }
}
