package io.linkmesh.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.linkmesh.wire.alloy.proto.GetConfigRequest;
import io.linkmesh.wire.alloy.proto.RegisterCollectorRequest;
import io.linkmesh.wire.opamp.proto.AgentDescription;
import io.linkmesh.wire.opamp.proto.AgentToServer;
import io.linkmesh.wire.opamp.proto.AnyValue;
import io.linkmesh.wire.opamp.proto.KeyValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The disk-fill probe of issue #14 against the packaged server: one collector secret sends 30
 * RegisterCollector calls that rename the collector each time with 1 MiB of attributes, and 20
 * OpAMP agents enroll with about as much each. Before the attribute limits and the write rate this
 * added about 50 MB and 50 revisions to the data directory.
 */
class DiskFillProbeIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Generous against what the limits allow (about 20 KB per collector record), far from 50 MB. */
  private static final long MAX_GROWTH_BYTES = 2 * 1024 * 1024;

  /** One registration per OpAMP agent, one for Alloy, and the write burst for its renames. */
  private static final int MAX_NEW_REVISIONS = 20 + 1 + 2;

  @TempDir Path dataDir;

  @Test
  void renamingAlloyCallsAndOversizedOpampEnrollmentsGrowTheStoreByABoundedSmallAmount()
      throws Exception {
    try (PackagedServer server = PackagedServer.start(dataDir)) {
      HttpClient client = server.client();
      String admin = server.adminToken();
      String alloyToken = mint(server, client, admin, 1);
      String opampToken = mint(server, client, admin, 20);
      long sizeBefore = size(dataDir);
      int revisionsBefore = revisions(server, client, admin);

      HttpResponse<byte[]> first =
          post(
              server,
              client,
              "/collector.v1.CollectorService/GetConfig",
              alloyToken,
              "application/proto",
              GetConfigRequest.newBuilder()
                  .setId("probe-alloy")
                  .putAllLocalAttributes(attributes(0, 256))
                  .build()
                  .toByteArray());
      assertThat(first.statusCode()).as(text(first)).isEqualTo(200);
      for (int i = 1; i <= 30; i++) {
        HttpResponse<byte[]> response =
            post(
                server,
                client,
                "/collector.v1.CollectorService/RegisterCollector",
                alloyToken,
                "application/proto",
                RegisterCollectorRequest.newBuilder()
                    .setId("probe-alloy")
                    .setName("probe-" + i)
                    .putAllLocalAttributes(attributes(i, 256))
                    .build()
                    .toByteArray());
        assertThat(response.statusCode()).as(text(response)).isEqualTo(200);
      }
      for (int i = 0; i < 20; i++) {
        // 240 x 4 KB: just under 1 MiB, under any message limit a real collector needs.
        HttpResponse<byte[]> response =
            post(
                server,
                client,
                "/v1/opamp",
                opampToken,
                "application/x-protobuf",
                opampHello(i, attributes(i, 240)).toByteArray());
        assertThat(response.statusCode()).as(text(response)).isEqualTo(200);
      }

      long growth = size(dataDir) - sizeBefore;
      int newRevisions = revisions(server, client, admin) - revisionsBefore;
      String measured = "data directory +" + growth + " bytes, +" + newRevisions + " revisions";
      assertThat(growth).as(measured).isLessThan(MAX_GROWTH_BYTES);
      assertThat(newRevisions).as(measured).isLessThanOrEqualTo(MAX_NEW_REVISIONS);
      assertThat(server.stop()).as("output: %s", server.output()).isZero();
    }
  }

  private static Map<String, String> attributes(int salt, int count) {
    Map<String, String> out = new HashMap<>();
    for (int i = 0; i < count; i++) {
      out.put("probe.attribute." + i, salt + "-" + "x".repeat(4000));
    }
    return out;
  }

  private static AgentToServer opampHello(int n, Map<String, String> attributes) {
    UUID uid = UUID.randomUUID();
    AgentDescription.Builder description =
        AgentDescription.newBuilder().addIdentifyingAttributes(kv("service.name", "probe-" + n));
    attributes.forEach((k, v) -> description.addNonIdentifyingAttributes(kv(k, v)));
    return AgentToServer.newBuilder()
        .setInstanceUid(
            com.google.protobuf.ByteString.copyFrom(
                ByteBuffer.allocate(16)
                    .putLong(uid.getMostSignificantBits())
                    .putLong(uid.getLeastSignificantBits())
                    .array()))
        .setSequenceNum(0)
        .setCapabilities(0x1 | 0x2 | 0x1000 | 0x100)
        .setAgentDescription(description)
        .build();
  }

  private static KeyValue kv(String key, String value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setStringValue(value))
        .build();
  }

  private static String mint(PackagedServer server, HttpClient client, String admin, int uses)
      throws Exception {
    HttpResponse<String> minted =
        client.send(
            HttpRequest.newBuilder(server.uri("/api/v1/enrollment-tokens"))
                .timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + admin)
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"ttlSeconds\": 3600, \"maxUses\": " + uses + "}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(minted.statusCode()).as(minted.body()).isEqualTo(201);
    return JSON.readTree(minted.body()).get("token").asText();
  }

  private static int revisions(PackagedServer server, HttpClient client, String admin)
      throws Exception {
    HttpResponse<String> page =
        client.send(
            HttpRequest.newBuilder(server.uri("/api/v1/revisions?limit=500"))
                .timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + admin)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
    JsonNode body = JSON.readTree(page.body());
    assertThat(body.get("next").isNull()).as("all revisions fit one page").isTrue();
    return body.get("items").size();
  }

  private static HttpResponse<byte[]> post(
      PackagedServer server,
      HttpClient client,
      String path,
      String token,
      String contentType,
      byte[] body)
      throws Exception {
    return client.send(
        HttpRequest.newBuilder(server.uri(path))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", contentType)
            .header("Connect-Protocol-Version", "1")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  private static String text(HttpResponse<byte[]> response) {
    return new String(response.body(), StandardCharsets.UTF_8);
  }

  private static long size(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(Files::isRegularFile)
          .mapToLong(
              f -> {
                try {
                  return Files.size(f);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              })
          .sum();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
