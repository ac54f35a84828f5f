package io.linkmesh.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.linkmesh.app.StartupException;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code linkmesh token create}: mints an enrollment token on a running server. */
@Command(
    name = "token",
    mixinStandardHelpOptions = true,
    description = "Enrollment tokens.",
    subcommands = {TokenCommand.Create.class})
final class TokenCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code linkmesh token create}. */
  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = "Mint an enrollment token; collectors that present it are registered.")
  static final class Create implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Mixin ServerConnection connection = new ServerConnection();

    @Mixin ApiToken apiToken = new ApiToken();

    @Option(
        names = "--ttl",
        paramLabel = "DURATION",
        description = "How long it can enroll new collectors (default 15m).")
    @Nullable String ttl;

    @Option(
        names = "--max-uses",
        paramLabel = "N",
        description = "How many collectors may enroll with it (default 1, 0 = no limit).")
    @Nullable Integer maxUses;

    @Option(
        names = "--label",
        paramLabel = "KEY=VALUE",
        description = "A label for collectors that enroll with it (repeatable).")
    Map<String, String> labels = new LinkedHashMap<>();

    @Override
    public Integer call() throws IOException, InterruptedException {
      Map<String, Object> request = new LinkedHashMap<>();
      if (ttl != null) {
        request.put("ttlSeconds", SettingSources.duration("ttl", ttl).toSeconds());
      }
      if (maxUses != null) {
        request.put("maxUses", maxUses);
      }
      request.put("labels", labels);
      String body = new ObjectMapper().writeValueAsString(request);
      HttpResponse<String> response =
          connection
              .client()
              .send(
                  HttpRequest.newBuilder(connection.url("/api/v1/enrollment-tokens"))
                      .header("Authorization", apiToken.bearer())
                      .header("Content-Type", "application/json")
                      .timeout(Duration.ofSeconds(30))
                      .POST(HttpRequest.BodyPublishers.ofString(body))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 201) {
        throw new StartupException(
            "the server answered "
                + response.statusCode()
                + ": "
                + response.body().replace('\n', ' '));
      }
      spec.commandLine().getOut().println(response.body());
      // Stdout stays the JSON answer for scripts; what sharing a token means goes to stderr.
      JsonNode minted = new ObjectMapper().readTree(response.body());
      if (minted.path("shared").asBoolean(false)) {
        spec.commandLine().getErr().println("note: " + minted.path("note").asText());
      }
      return 0;
    }
  }
}
