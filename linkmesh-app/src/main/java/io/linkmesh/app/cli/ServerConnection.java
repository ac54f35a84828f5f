package io.linkmesh.app.cli;

import io.linkmesh.app.StartupException;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** The options every command that talks to a running server shares. */
final class ServerConnection {
  @Option(
      names = "--server",
      paramLabel = "URL",
      required = true,
      description = "The server's base URL, e.g. https://linkmesh.example.com.")
  String server = "";

  @Option(
      names = "--token",
      paramLabel = "TOKEN",
      description = "An API token (default: $LINKMESH_TOKEN).")
  @Nullable String token;

  @Option(
      names = "--ca-cert",
      paramLabel = "FILE",
      description = "Trust this PEM certificate (e.g. the server's self-signed one).")
  @Nullable Path caCert;

  @Option(names = "--insecure", description = "Do not verify the server's certificate.")
  boolean insecure;

  URI url(String path) {
    String base = server.endsWith("/") ? server.substring(0, server.length() - 1) : server;
    try {
      URI uri = URI.create(base + path);
      if (uri.getHost() == null || !(base.startsWith("http://") || base.startsWith("https://"))) {
        throw new StartupException("--server must be an http(s) URL, not '" + server + "'");
      }
      return uri;
    } catch (IllegalArgumentException e) {
      throw new StartupException("--server is not a URL: '" + server + "'", e);
    }
  }

  String bearer() {
    String value = token != null ? token : System.getenv("LINKMESH_TOKEN");
    if (value == null || value.isBlank()) {
      throw new StartupException("give an API token with --token or LINKMESH_TOKEN");
    }
    return "Bearer " + value.strip();
  }

  HttpClient client() {
    HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
    try {
      if (insecure) {
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, new TrustManager[] {new TrustAll()}, new SecureRandom());
        builder.sslContext(ssl);
      } else if (caCert != null) {
        X509Certificate cert =
            (X509Certificate)
                CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(caCert)));
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("server", cert);
        TrustManagerFactory tmf =
            TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), new SecureRandom());
        builder.sslContext(ssl);
      }
    } catch (java.io.IOException | java.security.GeneralSecurityException e) {
      throw new StartupException("cannot set up TLS: " + e.getMessage(), e);
    }
    return builder.build();
  }

  /** For {@code --insecure} only: accepts any certificate. */
  private static final class TrustAll implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
