package io.linkmesh.app.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.linkmesh.config.alloy.AlloyEndpointExtractor;
import io.linkmesh.domain.fleet.CollectorRuntime;
import io.linkmesh.domain.port.out.EndpointExtractor;
import io.linkmesh.domain.testing.LineEndpointExtractor;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class FirewallCommandTest {
  @TempDir Path dir;

  private Map<String, String> env = Map.of();
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private List<EndpointExtractor> extractors =
      List.of(
          new LineEndpointExtractor(CollectorRuntime.OTELCOL),
          new LineEndpointExtractor(CollectorRuntime.ALLOY));

  private int run(String... args) {
    FirewallCommand command = new FirewallCommand(extractors, env);
    return new CommandLine(command)
        .setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true))
        .execute(args);
  }

  @Nested
  class Offline {
    private Path serverConfig;
    private Path configs;

    @BeforeEach
    void aServerConfigAndADirectoryOfCollectorConfigs() throws Exception {
      serverConfig = dir.resolve("linkmesh.yaml");
      Files.writeString(
          serverConfig,
          "# LinkMesh server\n"
              + "listen: 0.0.0.0:8443\n"
              + "external-url: https://linkmesh.example.com   # what collectors dial\n"
              + "store: git\n"
              + "git-url: \"ssh://git@git.example.com/ops/linkmesh-state.git\"\n"
              + "tls-cert: /etc/linkmesh/tls.pem\n"
              + "tls-key: /etc/linkmesh/tls.key\n",
          UTF_8);
      configs = Files.createDirectory(dir.resolve("configs"));
      Files.writeString(
          configs.resolve("kafka.yaml"),
          "kafka/out KAFKA kafka-1:9092,kafka-2:9093\notlphttp OTLP_HTTP https://otlp.example.com\n",
          UTF_8);
      Files.writeString(
          configs.resolve("metrics.alloy"),
          "prometheus.remote_write.default PROMETHEUS_REMOTE_WRITE"
              + " https://prom.example.com:9090/api/v1/write\n",
          UTF_8);
      Files.writeString(configs.resolve("README.md"), "not a config\n", UTF_8);
    }

    @Test
    void printsTheFirewallPageForTheConfigFileAndTheCollectorConfigs() {
      int exit = run("--config", serverConfig.toString(), "--configs", configs.toString());

      assertThat(exit).as(err.toString()).isZero();
      String md = out.toString();
      assertThat(md)
          .contains("# Firewall rules for LinkMesh")
          .contains("revision `offline-")
          .contains("| operator browser | LinkMesh server (linkmesh.example.com) | 443 | HTTPS |")
          .contains("| otelcol collectors | kafka-1 | 9092 | Kafka |")
          .contains("| otelcol collectors | kafka-2 | 9093 | Kafka |")
          .contains("| otelcol collectors | otlp.example.com | 443 | HTTPS (OTLP/HTTP) |")
          .contains("| Alloy collectors | prom.example.com | 9090 |")
          .contains("| LinkMesh server | git.example.com | 22 | SSH (Git) |")
          .contains("The server itself listens on port 8443");
      assertThat(err.toString()).contains("skipped README.md: not .yaml, .yml, .alloy or .river");
    }

    @Test
    void readsRealAlloySyntaxThroughTheAlloyConfigExtractor() throws Exception {
      extractors =
          List.of(
              new LineEndpointExtractor(CollectorRuntime.OTELCOL), AlloyEndpointExtractor.create());
      Files.writeString(
          configs.resolve("metrics.alloy"),
          "prometheus.remote_write \"default\" {\n"
              + "  endpoint {\n"
              + "    url = \"https://prom.example.com:9090/api/v1/write\"\n"
              + "  }\n"
              + "}\n"
              + "loki.write \"default\" {\n"
              + "  endpoint {\n"
              + "    url = \"https://loki.example.com/loki/api/v1/push\"\n"
              + "  }\n"
              + "}\n",
          UTF_8);

      int exit = run("--configs", configs.toString(), "--format", "csv");

      assertThat(exit).as(err.toString()).isZero();
      assertThat(out.toString())
          .contains(
              "data,outbound,Alloy collectors,prom.example.com,prom.example.com,9090,"
                  + "HTTPS (Prometheus remote-write)")
          .contains("data,outbound,Alloy collectors,loki.example.com,loki.example.com,443,");
    }

    @Test
    void theSameFilesNameTheSameRevision() {
      run("--configs", configs.toString(), "--format", "csv");
      String first = out.toString();
      out.getBuffer().setLength(0);
      run("--configs", configs.toString(), "--format", "csv");

      assertThat(out.toString()).isEqualTo(first).contains("revision offline-");
    }

    @Test
    void writesTheCollectorHostsNftablesRuleset() {
      int exit =
          run(
              "--config",
              serverConfig.toString(),
              "--configs",
              configs.toString(),
              "--format",
              "nftables",
              "--role",
              "collectors");

      assertThat(exit).as(err.toString()).isZero();
      assertThat(out.toString())
          .startsWith("#!/usr/sbin/nft -f\n")
          .contains("table inet linkmesh_collectors {")
          .doesNotContain("table inet linkmesh_server")
          .contains("tcp dport 9092 counter accept comment \"data: kafka-1:9092 Kafka [kafka]\"");
    }

    @Test
    void flagsWinOverTheEnvironmentWhichWinsOverTheFileAsForServe() {
      env = Map.of("LINKMESH_EXTERNAL_URL", "https://from-env.example.com");

      run("--config", serverConfig.toString(), "--format", "csv");
      assertThat(out.toString())
          .contains("from-env.example.com")
          .doesNotContain("linkmesh.example.com")
          .contains("git.example.com");

      out.getBuffer().setLength(0);
      run("--config", serverConfig.toString(), "--external-url", "https://flag.example.com:9443");
      assertThat(out.toString()).contains("flag.example.com").contains("| 9443 |");

      out.getBuffer().setLength(0);
      env = Map.of("LINKMESH_STORE", "fs");
      assertThat(run("--config", serverConfig.toString())).isEqualTo(2);
      assertThat(err.toString()).contains("--git-url needs --store git");
    }

    @Test
    void theConfigFileIsReadLikeServeReadsIt() throws Exception {
      Files.writeString(serverConfig, "listen: 0.0.0.0:8443\nnot-a-setting: 1\n", UTF_8);

      assertThat(run("--config", serverConfig.toString())).isEqualTo(2);
      assertThat(err.toString()).contains("unknown setting 'not-a-setting'");
    }

    @Test
    void withNothingGivenItPrintsTheDefaultDeploymentsControlPlane() {
      int exit = run("--format", "markdown");

      assertThat(exit).isZero();
      assertThat(out.toString())
          .contains("TCP 8443 only")
          .contains("No exporter endpoint in the current configs.")
          .contains("None: the built-in store");
    }

    @Test
    void badSettingsAreOneLineAndExitCode2() {
      assertThat(run("--format", "xml")).isEqualTo(2);
      assertThat(err.toString()).contains("unknown --format 'xml'");
      assertThat(run("--store", "git")).isEqualTo(2);
      assertThat(err.toString()).contains("--store git needs --git-url");
      assertThat(run("--configs", dir.resolve("missing").toString())).isEqualTo(2);
      assertThat(err.toString()).contains("configs directory not found");
      assertThat(run("--collector", "web-01")).isEqualTo(2);
      assertThat(err.toString()).contains("--collector needs --server");
      assertThat(run("--external-url", "ftp://x")).isEqualTo(2);
      assertThat(err.toString()).contains("--external-url must be an http(s) URL with a host");
      assertThat(run("--listen", "nope")).isEqualTo(2);
      assertThat(run("--role", "router")).isEqualTo(2);
      assertThat(out.toString()).isEmpty();
    }
  }

  @Nested
  class AgainstAServer {
    private Server server;
    private final ConcurrentLinkedQueue<String> seen = new ConcurrentLinkedQueue<>();
    private volatile int status = 200;
    private volatile String body = "rendered by the server\n";

    @BeforeEach
    void startServer() throws Exception {
      server = new Server();
      ServerConnector connector = new ServerConnector(server);
      connector.setHost("127.0.0.1");
      connector.setPort(0);
      server.addConnector(connector);
      server.setHandler(
          new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
              seen.add(
                  Request.getPathInContext(request)
                      + " "
                      + request.getHttpURI().getQuery()
                      + " "
                      + request.getHeaders().get("Authorization"));
              response.setStatus(status);
              response.getHeaders().put("Content-Type", "text/plain; charset=utf-8");
              Content.Sink.write(response, true, body, callback);
              return true;
            }
          });
      server.start();
    }

    @AfterEach
    void stopServer() throws Exception {
      server.stop();
    }

    private String url() {
      return "http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    @Test
    void fetchesTheRenderingWithTheToken() {
      int exit =
          run(
              "--server",
              url() + "/",
              "--token",
              "t0ken",
              "--format",
              "nftables",
              "--role",
              "server");

      assertThat(exit).as(err.toString()).isZero();
      assertThat(out.toString()).isEqualTo("rendered by the server\n");
      assertThat(seen).containsExactly("/api/v1/firewall format=nftables&role=server Bearer t0ken");
    }

    @Test
    void asksForOneCollectorsRulesAndJsonWithoutAFormat() throws Exception {
      Path tokenFile = Files.writeString(dir.resolve("admin.token"), "filet0ken\n", UTF_8);

      int exit =
          run(
              "--server",
              url(),
              "--token-file",
              tokenFile.toString(),
              "--collector",
              "web-01",
              "--format",
              "json");

      assertThat(exit).as(err.toString()).isZero();
      assertThat(seen).containsExactly("/api/v1/collectors/web-01/firewall null Bearer filet0ken");
    }

    @Test
    void takesTheTokenFromTheEnvironment() {
      env = Map.of("LINKMESH_TOKEN", "envt0ken");

      assertThat(run("--server", url())).isZero();
      assertThat(seen).containsExactly("/api/v1/firewall format=markdown Bearer envt0ken");
    }

    @Test
    void aRefusedTokenIsExitCode1WithTheServersMessage() {
      status = 401;
      body = "{\"error\": {\"code\": \"unauthorized\", \"message\": \"unknown token\"}}";

      assertThat(run("--server", url(), "--token", "bad")).isEqualTo(1);
      assertThat(err.toString())
          .isEqualTo("linkmesh firewall: the server refused the token (401): unknown token\n");
      assertThat(out.toString()).isEmpty();
    }

    @Test
    void anUnreachableServerIsExitCode1() throws Exception {
      int closed;
      try (ServerSocket socket = new ServerSocket(0)) {
        closed = socket.getLocalPort();
      }

      assertThat(run("--server", "http://127.0.0.1:" + closed, "--token", "t")).isEqualTo(1);
      assertThat(err.toString()).contains("cannot connect to http://127.0.0.1:" + closed);
    }

    @Test
    void misusedFlagsAreExitCode2() {
      assertThat(run("--server", url())).isEqualTo(2);
      assertThat(err.toString()).contains("--server needs an API token");
      assertThat(run("--server", url(), "--token", "t", "--configs", "x")).isEqualTo(2);
      assertThat(err.toString()).contains("are for offline use");
      assertThat(run("--server", "ftp://x", "--token", "t")).isEqualTo(2);
      assertThat(run("--server", url(), "--token", "t", "--collector", "../etc")).isEqualTo(2);
      assertThat(err.toString()).contains("not a collector id");
      assertThat(
              run(
                  "--server",
                  url(),
                  "--token",
                  "t",
                  "--ca-cert",
                  dir.resolve("none.pem").toString()))
          .isEqualTo(0); // plain http: the CA file is not needed
      assertThat(
              run(
                  "--server",
                  url().replace("http:", "https:"),
                  "--token",
                  "t",
                  "--ca-cert",
                  dir.resolve("none.pem").toString()))
          .isEqualTo(2);
      assertThat(err.toString()).contains("cannot read --ca-cert");
    }
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class OverTls {
    private Server server;
    private Path caPem;
    private int port;

    /** A self-signed certificate for 127.0.0.1 only, made in-process with Bouncy Castle. */
    @BeforeAll
    void startTlsServer(@TempDir Path keys) throws Exception {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(256);
      KeyPair pair = generator.generateKeyPair();
      X500Name name = new X500Name("CN=127.0.0.1");
      Instant now = Instant.now();
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              name,
              BigInteger.ONE,
              Date.from(now.minus(Duration.ofHours(1))),
              Date.from(now.plus(Duration.ofDays(2))),
              name,
              pair.getPublic());
      builder.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(new GeneralName(GeneralName.iPAddress, "127.0.0.1")));
      X509Certificate certificate =
          new JcaX509CertificateConverter()
              .getCertificate(
                  builder.build(
                      new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
      KeyStore keystore = KeyStore.getInstance("PKCS12");
      keystore.load(null, null);
      keystore.setKeyEntry(
          "server", pair.getPrivate(), "changeit".toCharArray(), new Certificate[] {certificate});
      caPem = keys.resolve("ca.pem");
      Files.writeString(
          caPem,
          "-----BEGIN CERTIFICATE-----\n"
              + Base64.getMimeEncoder(64, new byte[] {'\n'})
                  .encodeToString(certificate.getEncoded())
              + "\n-----END CERTIFICATE-----\n",
          UTF_8);
      SslContextFactory.Server ssl = new SslContextFactory.Server();
      ssl.setKeyStore(keystore);
      ssl.setKeyStorePassword("changeit");
      server = new Server();
      HttpConfiguration http = new HttpConfiguration();
      SecureRequestCustomizer secure = new SecureRequestCustomizer();
      secure.setSniHostCheck(false); // --insecure connects by a name the certificate lacks
      http.addCustomizer(secure);
      ServerConnector connector =
          new ServerConnector(
              server, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(http));
      connector.setHost("127.0.0.1");
      connector.setPort(0);
      server.addConnector(connector);
      server.setHandler(
          new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
              response.setStatus(200);
              Content.Sink.write(response, true, "over tls\n", callback);
              return true;
            }
          });
      server.start();
      port = connector.getLocalPort();
    }

    @BeforeEach
    void freshOutput() {
      out.getBuffer().setLength(0);
      err.getBuffer().setLength(0);
    }

    @AfterAll
    void stopTlsServer() throws Exception {
      server.stop();
    }

    @Test
    void trustsTheServerThroughItsCaCertificate() {
      int exit =
          run(
              "--server",
              "https://127.0.0.1:" + port,
              "--token",
              "t",
              "--ca-cert",
              caPem.toString());

      assertThat(exit).as(err.toString()).isZero();
      assertThat(out.toString()).isEqualTo("over tls\n");
    }

    @Test
    void anUntrustedCertificateFailsWithAHint() {
      assertThat(run("--server", "https://127.0.0.1:" + port, "--token", "t")).isEqualTo(1);
      assertThat(err.toString())
          .contains("TLS with https://127.0.0.1:" + port)
          .contains("--ca-cert");
    }

    @Test
    void theCaCertificateDoesNotExcuseAWrongHostName() {
      assertThat(
              run(
                  "--server",
                  "https://localhost:" + port,
                  "--token",
                  "t",
                  "--ca-cert",
                  caPem.toString()))
          .isEqualTo(1);
      assertThat(err.toString()).contains("TLS with https://localhost:" + port);
    }

    @Test
    void insecureAcceptsAnyCertificateAndHostName() {
      int exit = run("--server", "https://localhost:" + port, "--token", "t", "--insecure");

      assertThat(exit).as(err.toString()).isZero();
      assertThat(out.toString()).isEqualTo("over tls\n");
    }
  }
}
