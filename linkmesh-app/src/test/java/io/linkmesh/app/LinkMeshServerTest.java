package io.linkmesh.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.linkmesh.domain.audit.AuditEntry;
import io.linkmesh.domain.port.out.RevisionStore;
import io.linkmesh.domain.port.out.SecretGenerator;
import io.linkmesh.domain.port.out.StoreStatus;
import io.linkmesh.domain.revision.Commit;
import io.linkmesh.domain.revision.CommitResult;
import io.linkmesh.domain.revision.HistoryPage;
import io.linkmesh.domain.revision.Revision;
import io.linkmesh.domain.revision.RevisionId;
import io.linkmesh.domain.testing.InMemoryAuditLog;
import io.linkmesh.domain.testing.InMemoryRevisionStore;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinkMeshServerTest {
  @TempDir Path dataDir;

  ServerSettings settings(boolean plaintext) {
    return settings(plaintext, plaintext ? "http" : "https", List.of());
  }

  ServerSettings settings(boolean plaintext, String externalScheme, List<String> trustedProxies) {
    return new ServerSettings(
        "127.0.0.1",
        0,
        URI.create(externalScheme + "://127.0.0.1:8443"),
        dataDir,
        null,
        null,
        plaintext,
        ServerSettings.StoreKind.FS,
        null,
        "test",
        Duration.ofSeconds(1),
        trustedProxies,
        ServerSettings.OpampSettings.DEFAULTS);
  }

  static Stores inMemory() {
    return new Stores(new InMemoryRevisionStore(), new InMemoryAuditLog(), () -> {});
  }

  static HttpClient trusting(Path certFile) throws Exception {
    return HttpClient.newBuilder()
        .sslContext(trustingContext(certFile))
        .connectTimeout(Duration.ofSeconds(5))
        .build();
  }

  static SSLContext trustingContext(Path certFile) throws Exception {
    X509Certificate cert =
        (X509Certificate)
            CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(certFile)));
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("linkmesh", cert);
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(null, tmf.getTrustManagers(), null);
    return ssl;
  }

  @Nested
  class Tls {
    @Test
    void servesHealthOverHttpsWithASelfSignedCertificateForLocalhost() throws Exception {
      AdminToken admin = AdminToken.load(dataDir, null, SecretGenerator.secureRandom());
      try (LinkMeshServer server =
          LinkMeshServer.start(settings(false), inMemory(), admin, Clock.systemUTC())) {
        assertThat(server.tls()).isNotNull();
        assertThat(server.tls().generated()).isTrue();
        HttpClient client = trusting(server.tls().certificateFile());
        HttpResponse<String> health =
            client.send(
                HttpRequest.newBuilder(
                        URI.create("https://localhost:" + server.port() + "/healthz"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"ok\"");
        HttpResponse<String> ready =
            client.send(
                HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.port() + "/readyz"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).contains("\"ready\"");
      }
    }

    @Test
    void tlsAnswersCarryStrictTransportSecurity() throws Exception {
      AdminToken admin = AdminToken.load(dataDir, null, SecretGenerator.secureRandom());
      try (LinkMeshServer server =
          LinkMeshServer.start(settings(false), inMemory(), admin, Clock.systemUTC())) {
        HttpResponse<String> health =
            trusting(server.tls().certificateFile())
                .send(
                    HttpRequest.newBuilder(
                            URI.create("https://localhost:" + server.port() + "/healthz"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString());
        assertThat(health.headers().firstValue("Strict-Transport-Security"))
            .hasValue("max-age=31536000");
      }
    }

    @Test
    void reusesTheSelfSignedCertificateOnTheNextStart() throws Exception {
      AdminToken admin = AdminToken.load(dataDir, null, SecretGenerator.secureRandom());
      byte[] first;
      try (LinkMeshServer server =
          LinkMeshServer.start(settings(false), inMemory(), admin, Clock.systemUTC())) {
        first = Files.readAllBytes(server.tls().certificateFile());
      }
      try (LinkMeshServer server =
          LinkMeshServer.start(settings(false), inMemory(), admin, Clock.systemUTC())) {
        assertThat(server.tls().generated()).isFalse();
        assertThat(Files.readAllBytes(server.tls().certificateFile())).isEqualTo(first);
        assertThat(Files.getPosixFilePermissions(dataDir.resolve("tls/server.key")))
            .containsExactlyInAnyOrder(
                PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        // Owner-only whatever the umask: the directory and the (public) certificate too.
        assertThat(
                PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(dataDir.resolve("tls"))))
            .isEqualTo("rwx------");
        assertThat(
                PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(dataDir.resolve("tls/server.crt"))))
            .isEqualTo("rw-------");
        assertThat(OwnerOnlyFiles.exposure(dataDir.resolve("tls/server.key"), "TLS private key"))
            .isEmpty();
      }
    }
  }

  @Test
  void servesPlainHttpWhenAskedTo() throws Exception {
    AdminToken admin = AdminToken.load(dataDir, null, SecretGenerator.secureRandom());
    try (LinkMeshServer server =
        LinkMeshServer.start(settings(true), inMemory(), admin, Clock.systemUTC())) {
      HttpResponse<String> health =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + server.port() + "/healthz"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(200);
    }
  }

  /** A store whose status is what the test says; everything else goes to an in-memory store. */
  static final class DegradedStore implements RevisionStore {
    private final InMemoryRevisionStore delegate = new InMemoryRevisionStore();
    private final StoreStatus status;

    DegradedStore(StoreStatus status) {
      this.status = status;
    }

    @Override
    public CommitResult commit(Commit commit) {
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
      return delegate.snapshot(id);
    }

    @Override
    public HistoryPage history(@Nullable RevisionId from, int limit) {
      return delegate.history(from, limit);
    }

    @Override
    public StoreStatus status() {
      return status;
    }
  }

  @Nested
  class Readiness {
    static final String DETAIL =
        "cannot fetch https://git.example.com/ops/linkmesh-state.git: not authorized";

    HttpResponse<String> readyz(LinkMeshServer server, @Nullable String token) throws Exception {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/readyz"));
      if (token != null) {
        request.header("Authorization", "Bearer " + token);
      }
      return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anonymousCallersGetOnlyTheStatusAndACoarseReason() throws Exception {
      AdminToken admin = AdminToken.load(dataDir, null, SecretGenerator.secureRandom());
      Stores stores =
          new Stores(
              new DegradedStore(StoreStatus.degraded(DETAIL)), new InMemoryAuditLog(), () -> {});
      try (LinkMeshServer server =
          LinkMeshServer.start(settings(true), stores, admin, Clock.systemUTC())) {
        HttpResponse<String> anonymous = readyz(server, null);
        assertThat(anonymous.statusCode()).isEqualTo(503);
        assertThat(anonymous.body())
            .isEqualTo("{\"status\":\"degraded\",\"reason\":\"store unavailable\"}");

        HttpResponse<String> wrongToken = readyz(server, "not-a-token-of-this-server");
        assertThat(wrongToken.statusCode()).isEqualTo(503);
        assertThat(wrongToken.body()).doesNotContain("git.example.com");

        HttpResponse<String> operator = readyz(server, admin.secret());
        assertThat(operator.statusCode()).isEqualTo(503);
        assertThat(operator.body()).contains("store unavailable", DETAIL);
      }
    }
  }

  @Nested
  class BehindATlsProxy {
    final InMemoryAuditLog audit = new InMemoryAuditLog();

    LinkMeshServer start(String externalScheme, List<String> trustedProxies) {
      AdminToken admin = AdminToken.load(dataDir, null, SecretGenerator.secureRandom());
      return LinkMeshServer.start(
          settings(true, externalScheme, trustedProxies),
          new Stores(new InMemoryRevisionStore(), audit, () -> {}),
          admin,
          Clock.systemUTC());
    }

    HttpResponse<String> send(LinkMeshServer server, HttpRequest.Builder request) throws Exception {
      return HttpClient.newHttpClient()
          .send(
              request
                  .header("X-Forwarded-Proto", "https")
                  .header("X-Forwarded-For", "203.0.113.7")
                  .build(),
              HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> login(LinkMeshServer server) throws Exception {
      String token = Files.readString(dataDir.resolve("admin.token")).strip();
      return send(
          server,
          HttpRequest.newBuilder(
                  URI.create("http://127.0.0.1:" + server.port() + "/api/v1/session"))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString("{\"token\":\"" + token + "\"}")));
    }

    HttpResponse<String> unknownToken(LinkMeshServer server) throws Exception {
      return send(
          server,
          HttpRequest.newBuilder(
                  URI.create("http://127.0.0.1:" + server.port() + "/api/v1/collectors"))
              .header("Authorization", "Bearer lmapi_unknown_0123456789abcdef"));
    }

    @Test
    void anHttpsExternalUrlMakesTheSessionCookieSecureOnPlainHttp() throws Exception {
      try (LinkMeshServer server = start("https", List.of())) {
        HttpResponse<String> login = login(server);
        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        assertThat(login.headers().firstValue("Set-Cookie"))
            .hasValueSatisfying(c -> assertThat(c).contains("HttpOnly", "Secure"));
      }
      try (LinkMeshServer server = start("http", List.of())) {
        assertThat(login(server).headers().firstValue("Set-Cookie"))
            .hasValueSatisfying(c -> assertThat(c).doesNotContain("Secure"));
      }
    }

    @Test
    void aTrustedProxyNamesTheClientAndTheSchemeAndGetsHsts() throws Exception {
      try (LinkMeshServer server = start("https", List.of("10.0.0.0/8", "127.0.0.1"))) {
        HttpResponse<String> refused = unknownToken(server);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("Strict-Transport-Security"))
            .hasValue("max-age=31536000");
        assertThat(audit.all())
            .extracting(AuditEntry::address)
            .contains("203.0.113.7")
            .doesNotContain("127.0.0.1");
      }
    }

    @Test
    void anyoneElsesForwardingHeadersAreIgnored() throws Exception {
      try (LinkMeshServer server = start("https", List.of("10.0.0.0/8"))) {
        HttpResponse<String> refused = unknownToken(server);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("Strict-Transport-Security")).isEmpty();
        assertThat(audit.all())
            .extracting(AuditEntry::address)
            .contains("127.0.0.1")
            .doesNotContain("203.0.113.7");
      }
    }

    @Test
    void aTrustedProxyThatIsNotAnAddressIsRefusedAtStart() {
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> settings(true, "https", List.of("proxy.example.com")))
          .isInstanceOf(StartupException.class)
          .hasMessageContaining("--trusted-proxies")
          .hasMessageContaining("proxy.example.com");
    }
  }

  @Nested
  class AdminTokens {
    @Test
    void isCreatedOnceWithOwnerOnlyPermissionsAndReused() throws Exception {
      AdminToken first = AdminToken.load(dataDir, null, SecretGenerator.secureRandom());
      assertThat(first.created()).isTrue();
      assertThat(Files.getPosixFilePermissions(dataDir.resolve("admin.token")))
          .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
      AdminToken second = AdminToken.load(dataDir, null, SecretGenerator.secureRandom());
      assertThat(second.created()).isFalse();
      assertThat(second.secret()).isEqualTo(first.secret());
      assertThat(first.secret()).hasSizeGreaterThan(40);
    }

    @Test
    void aTokenFileOthersCanReadIsReportedWithoutTheSecret() throws Exception {
      AdminToken first = AdminToken.load(dataDir, null, SecretGenerator.secureRandom());
      Path file = dataDir.resolve("admin.token");
      assertThat(OwnerOnlyFiles.exposure(file, "admin token")).isEmpty();

      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

      assertThat(OwnerOnlyFiles.exposure(file, "admin token"))
          .hasValueSatisfying(
              warning ->
                  assertThat(warning)
                      .contains(file.toString(), "rw-r--r--", "chmod 600")
                      .doesNotContain(first.secret()));
    }

    @Test
    void theEnvironmentOverridesTheFile() {
      AdminToken token =
          AdminToken.load(dataDir, "a-long-enough-admin-secret", SecretGenerator.secureRandom());
      assertThat(token.secret()).isEqualTo("a-long-enough-admin-secret");
      assertThat(token.file()).isNull();
      assertThat(Files.exists(dataDir.resolve("admin.token"))).isFalse();
      assertThat(token.toString()).doesNotContain("a-long-enough-admin-secret");
    }
  }
}
