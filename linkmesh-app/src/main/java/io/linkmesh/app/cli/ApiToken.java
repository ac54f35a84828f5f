package io.linkmesh.app.cli;

import io.linkmesh.app.StartupException;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** The API token of a command that calls the REST API, from {@code --token} or the environment. */
final class ApiToken {
  @Option(
      names = "--token",
      paramLabel = "TOKEN",
      description = "An API token (default: $LINKMESH_TOKEN).")
  @Nullable String token;

  /** The {@code Authorization} header value. */
  String bearer() {
    String value = token != null ? token : System.getenv("LINKMESH_TOKEN");
    if (value == null || value.isBlank()) {
      throw new StartupException("give an API token with --token or LINKMESH_TOKEN");
    }
    return "Bearer " + value.strip();
  }
}
