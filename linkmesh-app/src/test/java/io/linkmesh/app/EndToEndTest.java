package io.linkmesh.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.linkmesh.domain.port.out.SecretGenerator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole server as an operator meets it, over HTTPS on one port with the built-in store: mint a
 * token, a collector enrolls, a config goes out, the collector reports it applied, and history,
 * diff and restore work.
 */
class EndToEndTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dataDir;
  LinkMeshServer server;
  HttpClient client;
  String admin;
  String base;

  @BeforeEach
  void start() throws Exception {
    ServerSettings settings =
        new ServerSettings(
            "127.0.0.1",
            0,
            URI.create("https://localhost:8443"),
            dataDir,
            null,
            null,
            false,
            ServerSettings.StoreKind.FS,
            null,
            "e2e",
            Duration.ofSeconds(1));
    Stores stores = StoreFactory.open(settings, ConfigLanguages.validators());
    AdminToken token = AdminToken.load(dataDir, null, SecretGenerator.secureRandom());
    admin = token.secret();
    server = LinkMeshServer.start(settings, stores, token, Clock.systemUTC());
    client = LinkMeshServerTest.trusting(server.tls().certificateFile());
    base = "https://localhost:" + server.port();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  HttpResponse<String> api(String method, String path, String body, String... headers)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(20))
            .header("Authorization", "Bearer " + admin)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> alloy(String method, String token, String body) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create(base + "/collector.v1.CollectorService/" + method))
            .timeout(Duration.ofSeconds(20))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .header("Connect-Protocol-Version", "1")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void anOperatorEnrollsAnAlloyCollectorShipsAConfigAndSeesItApplied() throws Exception {
    HttpResponse<String> minted =
        api("POST", "/api/v1/enrollment-tokens", "{\"labels\":{\"env\":\"prod\"}}");
    assertThat(minted.statusCode()).isEqualTo(201);
    String token = JSON.readTree(minted.body()).get("token").asText();

    HttpResponse<String> snippet = api("GET", "/api/v1/bootstrap/alloy?token=" + token, null);
    assertThat(snippet.statusCode()).isEqualTo(200);
    assertThat(snippet.body())
        .contains("remotecfg")
        .contains("https://localhost:8443")
        .contains(token)
        .contains("// One token per host")
        .contains("-d '{\"maxUses\": 1}' https://localhost:8443/api/v1/enrollment-tokens");

    HttpResponse<String> first =
        alloy(
            "GetConfig",
            token,
            "{\"id\":\"alloy-1\",\"localAttributes\":{\"collector.os\":\"linux\"}}");
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(
            alloy("RegisterCollector", token, "{\"id\":\"alloy-1\",\"name\":\"edge-1\"}")
                .statusCode())
        .isEqualTo(200);

    JsonNode collectors =
        JSON.readTree(api("GET", "/api/v1/collectors?label=env=prod", null).body());
    assertThat(collectors.get("items")).hasSize(1);
    assertThat(collectors.get("items").get(0).get("runtime").asText()).isEqualTo("alloy");
    assertThat(collectors.get("items").get(0).get("connected").asBoolean()).isTrue();

    String config =
        "prometheus.remote_write \"default\" {\n  endpoint {\n    url = \"https://prom.example.com:9009/api/v1/write\"\n  }\n}\n";
    HttpResponse<String> put =
        api(
            "PUT",
            "/api/v1/configs/edge",
            JSON.writeValueAsString(
                java.util.Map.of(
                    "runtime",
                    "alloy",
                    "selector",
                    java.util.Map.of("env", "prod"),
                    "content",
                    config)));
    assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    String r1 = JSON.readTree(put.body()).get("revision").asText();

    JsonNode got = JSON.readTree(alloy("GetConfig", token, "{\"id\":\"alloy-1\"}").body());
    assertThat(got.get("content").asText()).contains("prom.example.com:9009");
    String hash = got.get("hash").asText();
    JsonNode same =
        JSON.readTree(
            alloy(
                    "GetConfig",
                    token,
                    "{\"id\":\"alloy-1\",\"hash\":\""
                        + hash
                        + "\",\"remoteConfigStatus\":{\"status\":\"RemoteConfigStatuses_APPLIED\"}}")
                .body());
    assertThat(same.get("notModified").asBoolean()).isTrue();

    JsonNode collector = JSON.readTree(api("GET", "/api/v1/collectors/alloy-1", null).body());
    assertThat(collector.get("remoteConfigStatus").get("status").asText()).isEqualTo("APPLIED");
    assertThat(collector.get("desiredConfigHash").asText()).isEqualTo(hash);

    HttpResponse<String> invalid =
        api(
            "PUT",
            "/api/v1/configs/broken",
            JSON.writeValueAsString(
                java.util.Map.of(
                    "runtime",
                    "alloy",
                    "content",
                    "prometheus.remote_write \"x\" {\n  endpoint {\n")));
    assertThat(invalid.statusCode()).isEqualTo(422);

    HttpResponse<String> second =
        api(
            "PUT",
            "/api/v1/configs/edge",
            JSON.writeValueAsString(
                java.util.Map.of(
                    "runtime",
                    "alloy",
                    "selector",
                    java.util.Map.of("env", "prod"),
                    "content",
                    config.replace("9009", "9010"))),
            "If-Match",
            "\"" + r1 + "\"");
    assertThat(second.statusCode()).isEqualTo(200);
    String r2 = JSON.readTree(second.body()).get("revision").asText();
    HttpResponse<String> stale =
        api(
            "PUT",
            "/api/v1/configs/edge",
            JSON.writeValueAsString(java.util.Map.of("runtime", "alloy", "content", config)),
            "If-Match",
            "\"" + r1 + "\"");
    assertThat(stale.statusCode()).isEqualTo(409);

    JsonNode history = JSON.readTree(api("GET", "/api/v1/revisions?limit=50", null).body());
    assertThat(history.get("items").get(0).get("id").asText()).isEqualTo(r2);
    HttpResponse<String> diff = api("GET", "/api/v1/revisions/" + r2 + "/diff", null);
    assertThat(diff.body()).contains("9009").contains("9010");

    HttpResponse<String> restored = api("POST", "/api/v1/revisions/" + r1 + "/restore", null);
    assertThat(restored.statusCode()).as(restored.body()).isIn(200, 201);
    JsonNode afterRestore =
        JSON.readTree(
            alloy("GetConfig", token, "{\"id\":\"alloy-1\",\"hash\":\"" + hash + "\"}").body());
    assertThat(afterRestore.get("notModified").asBoolean())
        .as("restoring r1 gives back the hash it had")
        .isTrue();

    assertThat(api("GET", "/api/v1/metrics", null).body())
        .contains("linkmesh_collector_messages_total{direction=\"in\",protocol=\"alloy\"}")
        .contains("linkmesh_config_pushes_total{protocol=\"alloy\"}")
        .contains("linkmesh_store_commit_seconds");

    assertThat(api("GET", "/api/v1/audit?limit=50", null).body())
        .contains("enrollment_token.mint")
        .contains("collector.enroll")
        .contains("config.put")
        .contains("revision.restore");
  }

  @Test
  void theFirewallRulesFollowTheDeploymentAndTheConfigs() throws Exception {
    String config =
        "exporters:\n  kafka:\n    brokers: [kafka-1:9092, kafka-2:9093]\nreceivers:\n  otlp:\n    protocols:\n      grpc: {}\n"
            + "service:\n  pipelines:\n    logs:\n      receivers: [otlp]\n      exporters: [kafka]\n";
    HttpResponse<String> put =
        api(
            "PUT",
            "/api/v1/configs/logs",
            JSON.writeValueAsString(java.util.Map.of("runtime", "otelcol", "content", config)));
    assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    JsonNode rules = JSON.readTree(api("GET", "/api/v1/firewall", null).body()).get("rules");
    java.util.List<String> targets = new java.util.ArrayList<>();
    rules.forEach(
        r ->
            targets.add(
                r.get("plane").asText()
                    + " "
                    + r.get("to").asText()
                    + ":"
                    + r.get("port").asInt()));
    assertThat(targets).anyMatch(t -> t.startsWith("control ") && t.endsWith(":8443"));
    assertThat(targets)
        .anyMatch(t -> t.startsWith("data ") && t.contains("kafka-1") && t.endsWith(":9092"));
    assertThat(targets)
        .anyMatch(t -> t.startsWith("data ") && t.contains("kafka-2") && t.endsWith(":9093"));
    assertThat(targets).noneMatch(t -> t.startsWith("store "));
    assertThat(api("GET", "/api/v1/firewall?format=markdown", null).body())
        .contains("nothing, ever");
  }

  @Test
  void theWebUiIsServedOnTheSamePort() throws Exception {
    HttpResponse<String> page =
        client.send(
            HttpRequest.newBuilder(URI.create(base + "/")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Security-Policy")).isPresent();
    assertThat(page.body()).containsIgnoringCase("<html");
  }

  @Test
  void everyEndpointRefusesAnUnknownCredential() throws Exception {
    HttpResponse<String> api =
        client.send(
            HttpRequest.newBuilder(URI.create(base + "/api/v1/collectors"))
                .header("Authorization", "Bearer nope")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(api.statusCode()).isEqualTo(401);
    assertThat(alloy("GetConfig", "nope", "{\"id\":\"x\"}").statusCode()).isEqualTo(401);
    HttpResponse<String> opamp =
        client.send(
            HttpRequest.newBuilder(URI.create(base + "/v1/opamp"))
                .header("Authorization", "Bearer nope")
                .header("Content-Type", "application/x-protobuf")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[0]))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(opamp.statusCode()).isEqualTo(401);
    HttpResponse<String> otlp =
        client.send(
            HttpRequest.newBuilder(URI.create(base + "/v1/metrics"))
                .header("Authorization", "Bearer nope")
                .header("Content-Type", "application/x-protobuf")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[0]))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(otlp.statusCode()).isEqualTo(401);
  }
}
