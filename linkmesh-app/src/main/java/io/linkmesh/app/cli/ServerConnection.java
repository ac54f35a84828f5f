package io.linkmesh.app.cli;

import io.linkmesh.app.StartupException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
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
    if (insecure && caCert != null) {
      throw new StartupException("give --insecure or --ca-cert, not both");
    }
    HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
    if (insecure) {
      builder.sslContext(TlsClients.trustingAnything());
    } else if (caCert != null) {
      builder.sslContext(TlsClients.trusting(caCert));
    }
    return builder.build();
  }
}
