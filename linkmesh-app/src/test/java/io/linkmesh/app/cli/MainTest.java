package io.linkmesh.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
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

  @Test
  void versionPrintsTheVersion() {
    assertThat(run("version")).isZero();
    assertThat(out.toString()).startsWith("linkmesh ");
  }

  @Test
  void anUnknownStoreExitsTwoWithOneLine() {
    assertThat(run("serve", "--data-dir", dataDir.toString(), "--store", "mongo")).isEqualTo(2);
    assertThat(oneLineError()).isEqualTo("linkmesh: unknown --store 'mongo' (use fs or git)");
  }

  @Test
  void anUnknownFlagExitsTwo() {
    assertThat(run("serve", "--no-such-flag")).isEqualTo(2);
    assertThat(err.toString()).contains("Unknown option: '--no-such-flag'");
  }

  @Test
  void aPortInUseExitsTwoWithOneLine() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      int code =
          run(
              "serve",
              "--data-dir",
              dataDir.toString(),
              "--listen",
              "127.0.0.1:" + taken.getLocalPort());
      assertThat(code).isEqualTo(2);
      assertThat(oneLineError())
          .contains("cannot listen on 127.0.0.1:" + taken.getLocalPort())
          .contains("address already in use");
    }
  }

  @Test
  void aDamagedStoreExitsOneWithOneLineNamingStoreRecover() throws Exception {
    io.linkmesh.store.fs.FsRevisionStore.open(dataDir.resolve("state")).close();
    Files.writeString(dataDir.resolve("state").resolve("HEAD"), "not a head file\n");

    int code = run("serve", "--data-dir", dataDir.toString(), "--listen", "127.0.0.1:0");

    assertThat(code).isEqualTo(1);
    assertThat(oneLineError()).contains("is damaged").contains("linkmesh store recover");
  }

  @Test
  void aStoreInANewerFormatExitsOneWithOneLineNamingBothFormats() throws Exception {
    try (var store = io.linkmesh.store.fs.FsRevisionStore.open(dataDir.resolve("state"))) {
      store.commit(
          new io.linkmesh.domain.revision.Commit(
              null,
              java.util.List.of(
                  io.linkmesh.domain.revision.Change.put(
                      io.linkmesh.domain.revision.StatePaths.FORMAT,
                      "kind: state-format/v1\nversion: 3\n")),
              "a newer linkmesh",
              "first",
              java.time.Instant.parse("2026-12-01T09:00:00Z")));
    }

    int code = run("serve", "--data-dir", dataDir.toString(), "--listen", "127.0.0.1:0");

    assertThat(code).isEqualTo(1);
    assertThat(oneLineError()).contains("format 3").contains("up to 2");
  }

  @Test
  void aTrustedProxyThatIsNotAnAddressExitsTwoWithOneLine() {
    int code =
        run(
            "serve",
            "--data-dir",
            dataDir.toString(),
            "--listen",
            "127.0.0.1:0",
            "--trusted-proxies",
            "10.0.0.0/8, proxy.example.com");
    assertThat(code).isEqualTo(2);
    assertThat(oneLineError()).contains("--trusted-proxies: 'proxy.example.com'");
  }

  @Test
  void anUnreadableCertificateExitsTwoWithOneLine() {
    int code =
        run(
            "serve",
            "--data-dir",
            dataDir.toString(),
            "--listen",
            "127.0.0.1:0",
            "--tls-cert",
            dataDir.resolve("missing.crt").toString(),
            "--tls-key",
            dataDir.resolve("missing.key").toString());
    assertThat(code).isEqualTo(2);
    assertThat(oneLineError()).contains("cannot read the certificate").contains("missing.crt");
  }

  @Test
  void settingsComeFromFlagsThenEnvironmentThenTheConfigFile() throws Exception {
    Path config = dataDir.resolve("linkmesh.yaml");
    Files.writeString(config, "listen: 127.0.0.1:9000\nreplica: from-file\nplaintext: true\n");
    ServeCommand serve = new ServeCommand();
    serve.config = config;
    serve.replica = "from-flag";
    var settings =
        serve.settings(
            java.util.Map.of(
                "LINKMESH_LISTEN", "127.0.0.1:9100", "LINKMESH_DATA_DIR", dataDir.toString()));
    assertThat(settings.replica()).isEqualTo("from-flag");
    assertThat(settings.listenPort()).isEqualTo(9100);
    assertThat(settings.plaintext()).isTrue();
    assertThat(settings.externalUrl().toString()).isEqualTo("http://127.0.0.1:9100");
    assertThat(settings.dataDir()).isEqualTo(dataDir.toAbsolutePath());
  }

  @Test
  void opampSettingsComeFromTheFileTheEnvironmentAndFlagsWithTheirDefaults() throws Exception {
    ServeCommand defaults = new ServeCommand();
    var d = defaults.settings(java.util.Map.of("LINKMESH_DATA_DIR", dataDir.toString())).opamp();
    assertThat(d.httpPollInterval()).isEqualTo(java.time.Duration.ofSeconds(5));
    assertThat(d.maxMessageBytes()).isEqualTo(8 * 1024 * 1024);
    assertThat(d.socketsPerCredential()).isEqualTo(4);

    Path config = dataDir.resolve("opamp.yaml");
    Files.writeString(config, "opamp-http-poll-interval: 2s\nopamp-max-message-size: 512KiB\n");
    ServeCommand serve = new ServeCommand();
    serve.config = config;
    serve.opampSocketsPerCredential = "2";
    var o =
        serve
            .settings(
                java.util.Map.of(
                    "LINKMESH_DATA_DIR",
                    dataDir.toString(),
                    "LINKMESH_OPAMP_HTTP_POLL_INTERVAL",
                    "10s"))
            .opamp();
    assertThat(o.httpPollInterval()).isEqualTo(java.time.Duration.ofSeconds(10));
    assertThat(o.maxMessageBytes()).isEqualTo(512 * 1024);
    assertThat(o.socketsPerCredential()).isEqualTo(2);
  }

  @Test
  void aPollIntervalThatIsNotWholeSecondsExitsTwoWithOneLine() {
    assertThat(run("serve", "--opamp-http-poll-interval", "1500ms")).isEqualTo(2);
    assertThat(oneLineError()).contains("--opamp-http-poll-interval").contains("whole seconds");
  }

  @Test
  void aMessageSizeThatIsNoSizeExitsTwoWithOneLine() {
    assertThat(run("serve", "--opamp-max-message-size", "lots")).isEqualTo(2);
    assertThat(oneLineError()).contains("--opamp-max-message-size");
  }

  @Test
  void anUnknownKeyInTheConfigFileExitsTwo() throws Exception {
    Path config = dataDir.resolve("linkmesh.yaml");
    Files.writeString(config, "lisen: 127.0.0.1:9000\n");
    assertThat(run("serve", "--config", config.toString())).isEqualTo(2);
    assertThat(oneLineError()).contains("unknown setting 'lisen'");
  }
}
