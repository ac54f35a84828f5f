package io.linkmesh.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar, run as an operator would: starts, answers, stops cleanly on SIGTERM. */
class ServeIT {

  @TempDir Path dataDir;

  @Test
  void theRunnableJarServesHealthOverTlsAndExitsZeroOnSigterm() throws Exception {
    try (PackagedServer server = PackagedServer.start(dataDir)) {
      HttpClient client = server.client();
      HttpResponse<String> health =
          client.send(
              HttpRequest.newBuilder(server.uri("/healthz")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(server.adminToken()).isNotEmpty();
      assertThat(server.output())
          .contains("/v1/opamp")
          .contains("/v1/metrics")
          .contains(dataDir.resolve("admin.token").toString());

      assertThat(server.stop()).as("output: %s", server.output()).isZero();
    }
  }
}
