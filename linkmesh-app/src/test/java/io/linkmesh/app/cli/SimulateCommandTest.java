package io.linkmesh.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.linkmesh.app.AdminToken;
import io.linkmesh.app.LinkMeshServer;
import io.linkmesh.app.ServerSettings;
import io.linkmesh.app.StoreFactory;
import io.linkmesh.app.Stores;
import io.linkmesh.domain.audit.Actor;
import io.linkmesh.domain.fleet.CollectorRuntime;
import io.linkmesh.domain.port.in.CollectorFilter;
import io.linkmesh.domain.port.in.MintEnrollmentTokenCommand;
import io.linkmesh.domain.testing.InMemoryAuditLog;
import io.linkmesh.domain.testing.InMemoryRevisionStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulateCommandTest {
  @TempDir Path dataDir;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  int run(String... args) {
    return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  String oneLineError() {
    String text = err.toString().strip();
    assertThat(text.lines().count()).as("one line: %s", text).isEqualTo(1);
    return text;
  }

  @Nested
  class AgainstARunningServer {
    @Test
    void runsTheFleetOverTlsUntilStoppedAndPrintsASummary() throws Exception {
      ServerSettings settings =
          new ServerSettings(
              "127.0.0.1",
              0,
              URI.create("https://127.0.0.1:8443"),
              dataDir,
              null,
              null,
              false,
              ServerSettings.StoreKind.FS,
              null,
              "test",
              Duration.ofSeconds(1));
      AdminToken admin = StoreFactory.adminToken(settings);
      try (LinkMeshServer server =
          LinkMeshServer.start(
              settings,
              new Stores(new InMemoryRevisionStore(), new InMemoryAuditLog(), () -> {}),
              admin,
              Clock.systemUTC())) {
        String token =
            server
                .domain()
                .enrollment()
                .mint(
                    new MintEnrollmentTokenCommand(
                        Actor.system(), Duration.ofHours(1), 10, Map.of("env", "sim")))
                .token();
        java.util.concurrent.CompletableFuture<Integer> exit =
            java.util.concurrent.CompletableFuture.supplyAsync(
                () ->
                    run(
                        "simulate",
                        "--server",
                        "https://127.0.0.1:" + server.port(),
                        "--token",
                        token,
                        "--otelcol",
                        "4",
                        "--alloy",
                        "2",
                        "--alloy-poll-interval",
                        "1s",
                        // One enrollment at a time: concurrent ones hit a server race (reported).
                        "--max-connects",
                        "1",
                        "--duration",
                        "2m",
                        "--ca-cert",
                        dataDir.resolve("tls/server.crt").toString()));
        // The progress lines (one a second) show when the whole fleet is connected.
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!err.toString().contains("4/4 otelcol connected, 2/2 alloy")
            && System.nanoTime() < deadline
            && !exit.isDone()) {
          java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
        // As on Ctrl-C: the summary is printed and the command returns.
        SimulateCommand.stopAll();
        int code = exit.get(30, java.util.concurrent.TimeUnit.SECONDS);

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString())
            .contains("simulating 4 otelcol (ws) and 2 alloy against https://127.0.0.1:")
            .contains(" for 2m")
            .contains("summary after")
            .contains("connected      4/4 otelcol, 2/2 alloy (all connected after")
            .contains("4 credential switches")
            .contains("errors         0");
        assertThat(err.toString()).containsPattern("(?m)^run   4/4 otelcol connected, 2/2 alloy");
        var fleet = server.domain().fleet();
        assertThat(fleet.collectors(new CollectorFilter(CollectorRuntime.OTELCOL, Map.of(), null)))
            .hasSize(4)
            .allSatisfy(c -> assertThat(c.labels()).containsEntry("env", "sim"));
        assertThat(fleet.collectors(new CollectorFilter(CollectorRuntime.ALLOY, Map.of(), null)))
            .hasSize(2);
      }
    }
  }

  @Nested
  class BadInput {
    @Test
    void noTokenExitsTwoWithOneLine() {
      assertThat(run("simulate", "--server", "http://127.0.0.1:1", "--otelcol", "1")).isEqualTo(2);
      assertThat(oneLineError()).contains("enrollment token");
    }

    @Test
    void nothingToSimulateExitsTwo() {
      assertThat(run("simulate", "--server", "http://127.0.0.1:1", "--token", "t")).isEqualTo(2);
      assertThat(oneLineError()).contains("nothing to simulate");
    }

    @Test
    void anUnknownTransportExitsTwo() {
      int code =
          run(
              "simulate",
              "--server",
              "http://127.0.0.1:1",
              "--token",
              "t",
              "--otelcol",
              "1",
              "--transport",
              "pigeon");
      assertThat(code).isEqualTo(2);
      assertThat(oneLineError())
          .isEqualTo("linkmesh: unknown --transport 'pigeon' (use ws or http)");
    }

    @Test
    void aShareOutOfRangeExitsTwo() {
      int code =
          run(
              "simulate",
              "--server",
              "http://127.0.0.1:1",
              "--token",
              "t",
              "--otelcol",
              "1",
              "--fail-share",
              "1.5");
      assertThat(code).isEqualTo(2);
      assertThat(oneLineError()).contains("--fail-share");
    }

    @Test
    void aServerThatIsNotAnHttpUrlExitsTwo() {
      int code = run("simulate", "--server", "ftp://x", "--token", "t", "--otelcol", "1");
      assertThat(code).isEqualTo(2);
      assertThat(oneLineError()).contains("--server must be an http(s) URL");
    }

    @Test
    void aBadDurationExitsTwo() {
      int code =
          run(
              "simulate",
              "--server",
              "http://127.0.0.1:1",
              "--token",
              "t",
              "--otelcol",
              "1",
              "--duration",
              "soon");
      assertThat(code).isEqualTo(2);
      assertThat(oneLineError()).contains("--duration must be a duration");
    }

    @Test
    void insecureAndCaCertTogetherExitTwo() {
      int code =
          run(
              "simulate",
              "--server",
              "https://127.0.0.1:1",
              "--token",
              "t",
              "--otelcol",
              "1",
              "--insecure",
              "--ca-cert",
              dataDir.resolve("x.crt").toString());
      assertThat(code).isEqualTo(2);
      assertThat(oneLineError()).contains("not both");
    }
  }
}
