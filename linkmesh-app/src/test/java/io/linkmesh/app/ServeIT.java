package io.linkmesh.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar, run as an operator would: starts, answers, stops cleanly on SIGTERM. */
class ServeIT {
  static final Pattern READY = Pattern.compile("is ready on [^:]+:(\\d+)");

  @TempDir Path dataDir;

  @Test
  void theRunnableJarServesHealthOverTlsAndExitsZeroOnSigterm() throws Exception {
    Path jar = Path.of("target", "linkmesh.jar").toAbsolutePath();
    assertThat(jar).exists();
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                jar.toString(),
                "serve",
                "--listen",
                "127.0.0.1:0",
                "--data-dir",
                dataDir.toString())
            .redirectErrorStream(true)
            .start();
    List<String> lines = new ArrayList<>();
    try {
      CompletableFuture<Integer> port = new CompletableFuture<>();
      Thread reader =
          new Thread(
              () -> {
                try (BufferedReader in =
                    new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                  String line;
                  while ((line = in.readLine()) != null) {
                    synchronized (lines) {
                      lines.add(line);
                    }
                    Matcher m = READY.matcher(line);
                    if (m.find()) {
                      port.complete(Integer.parseInt(m.group(1)));
                    }
                  }
                  port.completeExceptionally(
                      new IllegalStateException("exited before ready: " + lines));
                } catch (java.io.IOException e) {
                  port.completeExceptionally(e);
                }
              });
      reader.setDaemon(true);
      reader.start();
      int bound = port.get(60, TimeUnit.SECONDS);

      HttpClient client = LinkMeshServerTest.trusting(dataDir.resolve("tls/server.crt"));
      HttpResponse<String> health =
          client.send(
              HttpRequest.newBuilder(URI.create("https://localhost:" + bound + "/healthz")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(Files.readString(dataDir.resolve("admin.token")).strip()).isNotEmpty();
      synchronized (lines) {
        assertThat(String.join("\n", lines))
            .contains("/v1/opamp")
            .contains("/v1/metrics")
            .contains(dataDir.resolve("admin.token").toString());
      }

      process.destroy();
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(process.exitValue()).as("output: %s", lines).isZero();
    } finally {
      process.destroyForcibly();
    }
  }
}
