package io.linkmesh.app.cli;

import io.linkmesh.app.StartupException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** The token and TLS trust options every command that talks to a running server shares. */
final class ServerCredentials {
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

  /** Whether any of these options is given. */
  boolean given() {
    return token != null || caCert != null || insecure;
  }

  /**
   * A client that trusts what these options say.
   *
   * @param tls false for a plain-HTTP server: the trust options are checked but no CA file is read
   */
  HttpClient client(boolean tls) {
    if (insecure && caCert != null) {
      throw new StartupException("give --insecure or --ca-cert, not both");
    }
    HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
    if (!tls) {
      return builder.build();
    }
    if (insecure) {
      builder.sslContext(TlsClients.trustingAnything());
    } else if (caCert != null) {
      builder.sslContext(TlsClients.trusting(caCert));
    }
    return builder.build();
  }
}
