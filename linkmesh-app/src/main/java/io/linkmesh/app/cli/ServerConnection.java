package io.linkmesh.app.cli;

import io.linkmesh.app.StartupException;
import java.net.URI;
import java.net.http.HttpClient;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options every command that talks to a running server shares. */
final class ServerConnection {
  @Option(
      names = "--server",
      paramLabel = "URL",
      required = true,
      description = "The server's base URL, e.g. https://linkmesh.example.com.")
  String server = "";

  @Mixin ServerCredentials credentials = new ServerCredentials();

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
    String value = credentials.token != null ? credentials.token : System.getenv("LINKMESH_TOKEN");
    if (value == null || value.isBlank()) {
      throw new StartupException("give an API token with --token or LINKMESH_TOKEN");
    }
    return "Bearer " + value.strip();
  }

  HttpClient client() {
    return credentials.client(true);
  }
}
