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
    void runsTheFleetOverTlsForTheDurationAndPrintsASummary() throws Exception {
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
        int code =
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
                "--duration",
                "3s",
                "--ca-cert",
                dataDir.resolve("tls/server.crt").toString());

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString())
            .contains("simulating 4 otelcol (ws) and 2 alloy against https://127.0.0.1:")
            .contains("summary after")
            .contains("connected      4/4 otelcol, 2/2 alloy (all connected after")
            .contains("4 credential switches")
            .contains("errors         0");
        assertThat(err.toString()).contains("otelcol connected");
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
