package io.linkmesh.app.cli;

import io.linkmesh.app.StartupException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * The options every command that talks to a running server shares: where it is and how to trust its
 * certificate. What a command presents to it differs (an API token: {@link ApiToken}; an enrollment
 * token for {@code simulate}), so the token is not here.
 */
final class ServerConnection {
  @Option(
      names = "--server",
      paramLabel = "URL",
      required = true,
      description = "The server's base URL, e.g. https://linkmesh.example.com:8443.")
  String server = "";

  @Option(
      names = "--ca-cert",
      paramLabel = "FILE",
      description =
          "Trust this PEM certificate (e.g. the server's self-signed one,"
              + " <data-dir>/tls/server.crt).")
  @Nullable Path caCert;

  @Option(names = "--insecure", description = "Do not verify the server's certificate.")
  boolean insecure;

  /** The server's base URL, without a trailing slash; a clear error unless it is http(s). */
  URI base() {
    return url("");
  }

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

  /** Refuses {@code --insecure} together with {@code --ca-cert}, and a file it cannot read. */
  void checkTrust() {
    if (insecure && caCert != null) {
      throw new StartupException("give --insecure or --ca-cert, not both");
    }
    if (caCert != null && !Files.isReadable(caCert)) {
      throw new StartupException("cannot read --ca-cert " + caCert);
    }
  }

  HttpClient client() {
    checkTrust();
    HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
    if (insecure) {
      builder.sslContext(TlsClients.trustingAnything());
    } else if (caCert != null) {
      builder.sslContext(TlsClients.trusting(caCert));
    }
    return builder.build();
  }
}
