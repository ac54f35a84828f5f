package io.linkmesh.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
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
      assertThat(
              server.awaitOutput(dataDir.resolve("admin.token").toString(), Duration.ofSeconds(10)))
          .contains("/v1/opamp")
          .contains("/v1/metrics")
          .contains(dataDir.resolve("admin.token").toString());

      assertThat(server.stop()).as("output: %s", server.output()).isZero();
    }
  }

  @Test
  void aReadableAdminTokenIsReportedAtStartWithoutItsSecret() throws Exception {
    String secret = "lmadmin_readable-by-everyone-0123456789abcdef";
    Path token = dataDir.resolve("admin.token");
    Files.writeString(token, secret + "\n");
    Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-r--r--"));

    try (PackagedServer server = PackagedServer.start(dataDir)) {
      assertThat(server.output())
          .contains("The admin token " + token + " can be read by others (mode rw-r--r--)")
          .doesNotContain(secret);
      assertThat(server.stop()).as("output: %s", server.output()).isZero();
    }
  }
}
