package io.linkmesh.app;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinkMeshServerTest {
  @TempDir Path dataDir;

  ServerSettings settings(boolean plaintext) {
    return new ServerSettings(
        "127.0.0.1",
        0,
        URI.create((plaintext ? "http" : "https") + "://127.0.0.1:8443"),
        dataDir,
        null,
        null,
        plaintext,
        ServerSettings.StoreKind.FS,
        null,
        "test",
        Duration.ofSeconds(1));
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
      AdminToken admin = AdminToken.load(dataDir, null, new SecureRandomSecretGenerator());
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
    void reusesTheSelfSignedCertificateOnTheNextStart() throws Exception {
      AdminToken admin = AdminToken.load(dataDir, null, new SecureRandomSecretGenerator());
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
      }
    }
  }

  @Test
  void servesPlainHttpWhenAskedTo() throws Exception {
    AdminToken admin = AdminToken.load(dataDir, null, new SecureRandomSecretGenerator());
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

  @Nested
  class AdminTokens {
    @Test
    void isCreatedOnceWithOwnerOnlyPermissionsAndReused() throws Exception {
      AdminToken first = AdminToken.load(dataDir, null, new SecureRandomSecretGenerator());
      assertThat(first.created()).isTrue();
      assertThat(Files.getPosixFilePermissions(dataDir.resolve("admin.token")))
          .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
      AdminToken second = AdminToken.load(dataDir, null, new SecureRandomSecretGenerator());
      assertThat(second.created()).isFalse();
      assertThat(second.secret()).isEqualTo(first.secret());
      assertThat(first.secret()).hasSizeGreaterThan(40);
    }

    @Test
    void theEnvironmentOverridesTheFile() {
      AdminToken token =
          AdminToken.load(dataDir, "a-long-enough-admin-secret", new SecureRandomSecretGenerator());
      assertThat(token.secret()).isEqualTo("a-long-enough-admin-secret");
      assertThat(token.file()).isNull();
      assertThat(Files.exists(dataDir.resolve("admin.token"))).isFalse();
      assertThat(token.toString()).doesNotContain("a-long-enough-admin-secret");
    }
  }
}
