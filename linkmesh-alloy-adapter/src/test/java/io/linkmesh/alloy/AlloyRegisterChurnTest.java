package io.linkmesh.alloy;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Message;
import io.linkmesh.config.alloy.AlloyConfigValidator;
import io.linkmesh.domain.audit.Actor;
import io.linkmesh.domain.fleet.AttributeLimits;
import io.linkmesh.domain.fleet.CollectorId;
import io.linkmesh.domain.fleet.CollectorWriteRate;
import io.linkmesh.domain.port.in.MintEnrollmentTokenCommand;
import io.linkmesh.domain.revision.HistoryPage;
import io.linkmesh.domain.revision.StatePaths;
import io.linkmesh.domain.service.LinkMeshDomain;
import io.linkmesh.domain.testing.InMemoryAuditLog;
import io.linkmesh.domain.testing.InMemoryRevisionStore;
import io.linkmesh.domain.testing.MutableClock;
import io.linkmesh.domain.testing.SequentialSecretGenerator;
import io.linkmesh.wire.alloy.proto.GetConfigRequest;
import io.linkmesh.wire.alloy.proto.RegisterCollectorRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * An Alloy credential cannot fill the store: oversized attributes are cut (never refused, since a
 * failed RegisterCollector stops Alloy's remotecfg), and renames are written at the write rate.
 */
class AlloyRegisterChurnTest {

  private static final int BURST = CollectorWriteRate.defaults().burst();

  private final MutableClock clock = MutableClock.at("2026-11-26T10:00:00Z");
  private final InMemoryRevisionStore store = new InMemoryRevisionStore();
  private final LinkMeshDomain domain =
      LinkMeshDomain.builder()
          .store(store)
          .auditLog(new InMemoryAuditLog())
          .secrets(new SequentialSecretGenerator())
          .clock(clock)
          .validator(AlloyConfigValidator.create())
          .adminSecret("admin-secret")
          .build();
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private Server server;
  private URI base;
  private String token;

  @BeforeEach
  void start() throws Exception {
    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    server.setHandler(
        AlloyRemoteConfigHandler.builder()
            .fleet(domain.fleet())
            .clock(clock)
            .maxRequestBytes(4 * 1024 * 1024)
            .build());
    server.start();
    base = URI.create("http://127.0.0.1:" + connector.getLocalPort());
    token =
        domain
            .enrollment()
            .mint(new MintEnrollmentTokenCommand(Actor.system(), null, 1, Map.of()))
            .token();
  }

  @AfterEach
  void stop() throws Exception {
    server.stop();
  }

  /** 256 attributes of 4 KiB each, 1 MiB, as the disk-fill probe sent. */
  private static Map<String, String> hugeAttributes(int call) {
    Map<String, String> out = new HashMap<>();
    out.put("collector.os", "linux");
    for (int i = 0; i < 256; i++) {
      out.put("probe." + i, call + "x".repeat(4000));
    }
    return out;
  }

  private HttpResponse<byte[]> call(String rpc, Message message) {
    HttpRequest request =
        HttpRequest.newBuilder(base.resolve("/collector.v1.CollectorService/" + rpc))
            .timeout(Duration.ofSeconds(10))
            .header("Connect-Protocol-Version", "1")
            .header("Content-Type", "application/proto")
            .header("Authorization", "Bearer " + token)
            .POST(HttpRequest.BodyPublishers.ofByteArray(message.toByteArray()))
            .build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private HttpResponse<byte[]> register(String name, Map<String, String> attributes) {
    return call(
        "RegisterCollector",
        RegisterCollectorRequest.newBuilder()
            .setId("alloy-1")
            .setName(name)
            .putAllLocalAttributes(attributes)
            .build());
  }

  private int revisions() {
    return store.history(null, HistoryPage.MAX_LIMIT).items().size();
  }

  private String storedRecord() {
    var head = store.head().orElseThrow();
    return store
        .snapshot(head.id())
        .orElseThrow()
        .get(StatePaths.collector(CollectorId.of("alloy-1")));
  }

  @Nested
  class RenamingOnEveryRegister {
    @Test
    void thirtyRenamesWithHugeAttributesAddOnlyTheBurstOfSmallRevisions() {
      HttpResponse<byte[]> first =
          call(
              "GetConfig",
              GetConfigRequest.newBuilder()
                  .setId("alloy-1")
                  .putAllLocalAttributes(hugeAttributes(0))
                  .build());
      assertThat(first.statusCode()).as(new String(first.body(), UTF_8)).isEqualTo(200);
      int afterRegistration = revisions();

      for (int i = 1; i <= 30; i++) {
        HttpResponse<byte[]> response = register("alloy-" + i, hugeAttributes(i));
        assertThat(response.statusCode()).as(new String(response.body(), UTF_8)).isEqualTo(200);
      }

      assertThat(revisions() - afterRegistration).isEqualTo(BURST);
      assertThat(storedRecord().length()).isLessThan(2 * AttributeLimits.COLLECTOR.maxTotalChars());
      assertThat(domain.fleet().collector(CollectorId.of("alloy-1")).orElseThrow().displayName())
          .isEqualTo("alloy-30");
    }
  }

  @Nested
  class OversizedAttributes {
    @Test
    void moreAttributesThanAllowedAreCutAndTheCollectorRegisters() {
      Map<String, String> attributes = new HashMap<>();
      for (int i = 0; i < 300; i++) {
        attributes.put("k" + i, "v");
      }

      HttpResponse<byte[]> response = register("edge", attributes);

      assertThat(response.statusCode()).as(new String(response.body(), UTF_8)).isEqualTo(200);
      assertThat(domain.fleet().collector(CollectorId.of("alloy-1")).orElseThrow().attributes())
          .hasSize(AttributeLimits.COLLECTOR.maxEntries());
    }
  }
}
