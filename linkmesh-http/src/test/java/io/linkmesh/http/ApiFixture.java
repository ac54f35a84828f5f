package io.linkmesh.http;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.linkmesh.domain.audit.Actor;
import io.linkmesh.domain.audit.AuditEntry;
import io.linkmesh.domain.config.ValidationProblem;
import io.linkmesh.domain.config.ValidationResult;
import io.linkmesh.domain.enrollment.Role;
import io.linkmesh.domain.fleet.CollectorId;
import io.linkmesh.domain.fleet.CollectorRuntime;
import io.linkmesh.domain.fleet.EffectiveConfig;
import io.linkmesh.domain.fleet.Transport;
import io.linkmesh.domain.metrics.MeteredRevisionStore;
import io.linkmesh.domain.port.in.AuthenticateCollectorCommand;
import io.linkmesh.domain.port.in.CollectorAuthentication;
import io.linkmesh.domain.port.in.ConnectCollectorCommand;
import io.linkmesh.domain.port.in.ConnectOutcome;
import io.linkmesh.domain.port.in.MintApiTokenCommand;
import io.linkmesh.domain.port.in.MintEnrollmentTokenCommand;
import io.linkmesh.domain.port.in.ReportCollectorStatusCommand;
import io.linkmesh.domain.port.out.ConfigValidator;
import io.linkmesh.domain.port.out.RevisionStore;
import io.linkmesh.domain.port.out.StoreException;
import io.linkmesh.domain.port.out.StoreStatus;
import io.linkmesh.domain.revision.Commit;
import io.linkmesh.domain.revision.CommitResult;
import io.linkmesh.domain.revision.HistoryPage;
import io.linkmesh.domain.revision.Revision;
import io.linkmesh.domain.revision.RevisionId;
import io.linkmesh.domain.service.LinkMeshDomain;
import io.linkmesh.domain.testing.InMemoryAuditLog;
import io.linkmesh.domain.testing.InMemoryRevisionStore;
import io.linkmesh.domain.testing.MutableClock;
import io.linkmesh.domain.testing.SequentialSecretGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.jspecify.annotations.Nullable;

/**
 * A real Jetty on an ephemeral port serving {@link RestApi} over HTTPS (a self-signed certificate
 * made with the JDK's keytool), a domain on in-memory fakes, and a JDK {@link HttpClient} that
 * trusts the certificate.
 */
final class ApiFixture implements AutoCloseable {
  static final String ADMIN = "admin-secret-for-tests-0123456789";
  static final String PASSWORD = "changeit";
  static final ObjectMapper JSON = new ObjectMapper();

  private static @Nullable Path keyStore;
  private static @Nullable SSLContext sslContext;

  final MutableClock clock = MutableClock.at("2026-11-26T10:00:00Z");
  final InMemoryAuditLog audit = new InMemoryAuditLog();
  final FlakyStore store = new FlakyStore(new InMemoryRevisionStore());
  final PrometheusServerMetrics metrics = PrometheusServerMetrics.create();
  final LinkMeshDomain domain;
  final RestApi api;
  final Server server;
  final URI base;
  final String viewer;
  final String operator;

  /**
   * A client per fixture: a shared one could reuse a pooled connection to a stopped server whose
   * ephemeral port the next server happens to get.
   */
  final HttpClient client =
      HttpClient.newBuilder()
          .sslContext(sslContext())
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  static final BootstrapSnippets SNIPPETS =
      (runtime, token, url) ->
          "runtime=" + runtime.wireName() + "\nurl=" + url + "\ntoken=" + token + "\n";

  ApiFixture() {
    this(b -> b.bootstrapSnippets(SNIPPETS));
  }

  ApiFixture(java.util.function.Consumer<RestApi.Builder> options) {
    this((domain, builder) -> options.accept(builder));
  }

  /** Options that need the fixture's domain (its fleet, configs) to build a port. */
  ApiFixture(java.util.function.BiConsumer<LinkMeshDomain, RestApi.Builder> options) {
    this(200, options);
  }

  /**
   * @param maxThreads the server's thread pool: small, a handler that held a thread per slow client
   *     shows at once
   */
  ApiFixture(
      int maxThreads, java.util.function.BiConsumer<LinkMeshDomain, RestApi.Builder> options) {
    domain =
        LinkMeshDomain.builder()
            .store(new MeteredRevisionStore(store, metrics, System::nanoTime))
            .auditLog(audit)
            .secrets(new SequentialSecretGenerator())
            .clock(clock)
            .validator(new TestValidator())
            .adminSecret(ADMIN)
            .build();
    RestApi.Builder builder =
        RestApi.builder()
            .operators(domain.operators())
            .enrollment(domain.enrollment())
            .fleet(domain.fleet())
            .configs(domain.configs())
            .metrics(metrics)
            .clock(clock)
            .maxBodyBytes(64 * 1024)
            .externalUrl(URI.create("https://linkmesh.example:443"));
    options.accept(domain, builder);
    api = builder.build();
    server = new Server(new QueuedThreadPool(maxThreads, Math.min(8, maxThreads)));
    SslContextFactory.Server ssl = new SslContextFactory.Server();
    ssl.setKeyStorePath(keyStore().toString());
    ssl.setKeyStorePassword(PASSWORD);
    ssl.setKeyStoreType("PKCS12");
    HttpConfiguration http = new HttpConfiguration();
    SecureRequestCustomizer secure = new SecureRequestCustomizer();
    secure.setSniHostCheck(false);
    http.addCustomizer(secure);
    ServerConnector connector =
        new ServerConnector(
            server, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(http));
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    server.setHandler(api);
    server.setErrorHandler(new ApiErrorHandler());
    try {
      server.start();
    } catch (Exception e) {
      throw new IllegalStateException("Jetty did not start", e);
    }
    base = URI.create("https://127.0.0.1:" + connector.getLocalPort());
    viewer = mintApiToken("viewer-bot", Role.VIEWER);
    operator = mintApiToken("operator-bot", Role.OPERATOR);
  }

  String mintApiToken(String name, Role role) {
    return domain
        .operators()
        .mint(new MintApiTokenCommand(Actor.system(), name, role, null))
        .token();
  }

  // ---- HTTP ----------------------------------------------------------------------------------

  HttpResponse<String> send(
      String method,
      String path,
      @Nullable String token,
      @Nullable String body,
      String... headers) {
    return send(request(method, path, token, body, headers));
  }

  HttpRequest request(
      String method,
      String path,
      @Nullable String token,
      @Nullable String body,
      String... headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(Duration.ofSeconds(10))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    for (int i = 0; i < headers.length; i += 2) {
      b.setHeader(headers[i], headers[i + 1]);
    }
    return b.build();
  }

  HttpResponse<String> send(HttpRequest request) {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofString(UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  HttpResponse<String> get(String path, String token) {
    return send("GET", path, token, null);
  }

  JsonNode json(HttpResponse<String> response, int status) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Asserts the error shape and returns the error object. */
  JsonNode error(HttpResponse<String> response, int status, String code) {
    JsonNode error = json(response, status).path("error");
    assertThat(error.path("code").asText()).as(response.body()).isEqualTo(code);
    assertThat(error.path("message").asText()).isNotBlank();
    return error;
  }

  static String putConfigBody(String content) {
    return "{\"runtime\":\"otelcol\",\"selector\":{\"env\":\"prod\"},\"content\":"
        + quote(content)
        + "}";
  }

  static String quote(String text) {
    try {
      return JSON.writeValueAsString(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---- domain helpers -----------------------------------------------------------------------

  String mintEnrollmentToken(Map<String, String> labels) {
    return domain
        .enrollment()
        .mint(new MintEnrollmentTokenCommand(Actor.system(), null, 0, labels))
        .token();
  }

  /** Registers and connects a collector the way a protocol adapter would. */
  CollectorId connect(String id, CollectorRuntime runtime, Transport transport, String token) {
    ConnectOutcome outcome = tryConnect(id, runtime, transport, token);
    assertThat(outcome).isInstanceOf(ConnectOutcome.Connected.class);
    return CollectorId.of(id);
  }

  /** What a collector presenting {@code token} is told. */
  ConnectOutcome tryConnect(
      String id, CollectorRuntime runtime, Transport transport, String token) {
    CollectorAuthentication auth =
        domain.fleet().authenticate(new AuthenticateCollectorCommand(token));
    ConnectOutcome outcome =
        domain
            .fleet()
            .connect(
                new ConnectCollectorCommand(
                    auth,
                    CollectorId.of(id),
                    runtime,
                    transport,
                    id,
                    Map.of("host.name", id),
                    ConnectCollectorCommand.CredentialRequest.IF_MISSING,
                    null,
                    "10.0.0.7"));
    return outcome;
  }

  void reportEffectiveConfig(CollectorId id, String text) {
    domain
        .fleet()
        .report(
            ReportCollectorStatusCommand.builder(id)
                .effectiveConfig(new EffectiveConfig(Map.of("", text)))
                .build());
  }

  List<AuditEntry> auditEntries(String action) {
    List<AuditEntry> out = new ArrayList<>();
    for (AuditEntry e : audit.all()) {
      if (e.action().equals(action)) {
        out.add(e);
      }
    }
    return out;
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("Jetty did not stop", e);
    }
  }

  // ---- TLS ------------------------------------------------------------------------------------

  static synchronized Path keyStore() {
    if (keyStore == null) {
      try {
        Path dir = Files.createTempDirectory("linkmesh-http-test");
        Path file = dir.resolve("server.p12");
        Process keytool =
            new ProcessBuilder(
                    Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                    "-genkeypair",
                    "-alias",
                    "server",
                    "-keyalg",
                    "EC",
                    "-groupname",
                    "secp256r1",
                    "-dname",
                    "CN=localhost",
                    "-ext",
                    "SAN=dns:localhost,ip:127.0.0.1",
                    "-validity",
                    "2",
                    "-storetype",
                    "PKCS12",
                    "-keystore",
                    file.toString(),
                    "-storepass",
                    PASSWORD,
                    "-keypass",
                    PASSWORD)
                .redirectErrorStream(true)
                .start();
        String output = new String(keytool.getInputStream().readAllBytes(), UTF_8);
        if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
          throw new IllegalStateException("keytool failed: " + output);
        }
        file.toFile().deleteOnExit();
        dir.toFile().deleteOnExit();
        keyStore = file;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    return keyStore;
  }

  static synchronized SSLContext sslContext() {
    if (sslContext == null) {
      try {
        KeyStore server = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(keyStore())) {
          server.load(in, PASSWORD.toCharArray());
        }
        Certificate certificate = server.getCertificate("server");
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        trust.setCertificateEntry("server", certificate);
        TrustManagerFactory tmf =
            TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        sslContext = context;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (java.security.GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }
    return sslContext;
  }

  // ---- fakes ----------------------------------------------------------------------------------

  /** Rejects every line containing {@code bogus}, at the column where it starts. */
  static final class TestValidator implements ConfigValidator {
    @Override
    public CollectorRuntime runtime() {
      return CollectorRuntime.OTELCOL;
    }

    @Override
    public ValidationResult validate(String content) {
      List<ValidationProblem> problems = new ArrayList<>();
      String[] lines = content.split("\n", -1);
      for (int i = 0; i < lines.length; i++) {
        int at = lines[i].indexOf("bogus");
        if (at >= 0) {
          problems.add(ValidationProblem.at(i + 1, at + 1, "unknown component 'bogus'"));
        }
      }
      return problems.isEmpty()
          ? new ValidationResult.Valid()
          : new ValidationResult.Invalid(problems);
    }
  }

  /** A store whose commits can be made to fail as if its disk or remote were gone. */
  static final class FlakyStore implements RevisionStore {
    private final RevisionStore delegate;
    volatile boolean unavailable;
    volatile boolean damaged;

    FlakyStore(RevisionStore delegate) {
      this.delegate = delegate;
    }

    @Override
    public CommitResult commit(Commit commit) {
      if (unavailable) {
        throw new StoreException("remote unreachable", true);
      }
      return delegate.commit(commit);
    }

    @Override
    public Optional<Revision> head() {
      return delegate.head();
    }

    @Override
    public Optional<Revision> find(RevisionId id) {
      return delegate.find(id);
    }

    @Override
    public Optional<Map<String, String>> snapshot(RevisionId id) {
      if (damaged) {
        return Optional.of(Map.of("configs/base", "this is not a state document"));
      }
      return delegate.snapshot(id);
    }

    @Override
    public HistoryPage history(@Nullable RevisionId from, int limit) {
      return delegate.history(from, limit);
    }

    @Override
    public StoreStatus status() {
      return delegate.status();
    }
  }
}
