package io.linkmesh.app.cli;

import static java.util.Objects.requireNonNull;

import io.linkmesh.app.ServerDeployment;
import io.linkmesh.app.ServerSettings;
import io.linkmesh.app.StartupException;
import io.linkmesh.domain.connectivity.Deployment;
import io.linkmesh.domain.connectivity.FirewallReport;
import io.linkmesh.domain.fleet.Collector;
import io.linkmesh.domain.fleet.CollectorEvent;
import io.linkmesh.domain.fleet.CollectorId;
import io.linkmesh.domain.port.in.CollectorFilter;
import io.linkmesh.domain.port.in.ConfigQueries;
import io.linkmesh.domain.port.in.FleetQueries;
import io.linkmesh.domain.port.out.EndpointExtractor;
import io.linkmesh.domain.service.FirewallService;
import io.linkmesh.firewall.render.FirewallFormat;
import io.linkmesh.firewall.render.HostRole;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code linkmesh firewall}: which firewall rules this deployment needs, from a running server
 * ({@code --server URL}) or offline from a server config file and a directory of collector configs.
 *
 * <p>Wiring: {@code new FirewallCommand(List.of(otelcolEndpointExtractor, alloyEndpointExtractor))}
 * registered as a subcommand of the {@code linkmesh} command; the extractors are only used offline.
 */
@Command(
    name = "firewall",
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Print the firewall rules this LinkMesh deployment needs: control plane inbound to the"
          + " server, data plane outbound from the collectors to each backend of their configs, and"
          + " the server's egress to a remote Git store.",
      "Against a running server (--server URL --token T), or offline from a server config file"
          + " (--config FILE) and a directory of collector configs (--configs DIR: *.yaml otelcol,"
          + " *.alloy Alloy)."
    },
    footer = {
      "",
      "Examples:",
      "  linkmesh firewall --server https://linkmesh.example.com --token-file admin.token",
      "  linkmesh firewall --config linkmesh.yaml --configs ./configs --format nftables --role"
          + " collectors",
      "",
      "Exit codes: 0 printed, 1 the server could not answer, 2 bad flags or settings."
    })
public final class FirewallCommand implements Callable<Integer> {
  static final int MAX_RESPONSE_BYTES = 16 * 1024 * 1024;
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  @Spec private @Nullable CommandSpec spec;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "markdown",
      description = "markdown, csv, nftables, iptables, k8s or json (default: ${DEFAULT-VALUE}).")
  private String format = "markdown";

  @Option(
      names = "--role",
      paramLabel = "ROLE",
      defaultValue = "all",
      description =
          "For nftables and iptables: server, collectors or all (default: ${DEFAULT-VALUE}).")
  private String role = "all";

  @Option(
      names = "--collector",
      paramLabel = "ID",
      description = "Only the rules one collector needs (needs --server).")
  private @Nullable String collector;

  @Option(
      names = "--server",
      paramLabel = "URL",
      description = "A running LinkMesh server to ask, e.g. https://linkmesh.example.com.")
  private @Nullable String server;

  @Mixin private ServerCredentials credentials = new ServerCredentials();

  @Option(
      names = "--token-file",
      paramLabel = "FILE",
      description = "Read the API token from FILE, e.g. <data-dir>/admin.token.")
  private @Nullable Path tokenFile;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "Offline: the server's YAML config file (listen, external-url, store, git-url).")
  private @Nullable Path config;

  @Option(
      names = "--configs",
      paramLabel = "DIR",
      description =
          "Offline: a directory of collector configs (*.yaml/*.yml otelcol, *.alloy Alloy).")
  private @Nullable Path configs;

  @Option(names = "--external-url", paramLabel = "URL", description = "Offline: as for serve.")
  private @Nullable String externalUrl;

  @Option(names = "--listen", paramLabel = "HOST:PORT", description = "Offline: as for serve.")
  private @Nullable String listen;

  @Option(names = "--plaintext", description = "Offline: as for serve (http:// external URL).")
  private boolean plaintext;

  @Option(names = "--store", paramLabel = "fs|git", description = "Offline: as for serve.")
  private @Nullable String store;

  @Option(names = "--git-url", paramLabel = "URL", description = "Offline: as for serve.")
  private @Nullable String gitUrl;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help and exit.")
  private boolean help;

  private final List<EndpointExtractor> extractors;
  private final Map<String, String> env;

  /**
   * @param extractors one endpoint extractor per collector runtime, for offline mode
   */
  public FirewallCommand(List<EndpointExtractor> extractors) {
    this(extractors, System.getenv());
  }

  FirewallCommand(List<EndpointExtractor> extractors, Map<String, String> env) {
    this.extractors = List.copyOf(extractors);
    this.env = Map.copyOf(requireNonNull(env, "env"));
  }

  @Override
  public Integer call() {
    CommandSpec commandSpec = requireNonNull(spec, "spec");
    PrintWriter out = commandSpec.commandLine().getOut();
    PrintWriter err = commandSpec.commandLine().getErr();
    try {
      FirewallFormat chosen =
          FirewallFormat.parse(format)
              .orElseThrow(
                  () ->
                      new UsageException(
                          "unknown --format '"
                              + format
                              + "': use markdown, csv, nftables, iptables, k8s or json"));
      HostRole hostRole = hostRole();
      String text =
          server != null ? fetch(server, chosen, hostRole) : offline(chosen, hostRole, err);
      out.print(text.endsWith("\n") ? text : text + "\n");
      out.flush();
      return 0;
    } catch (UsageException | StartupException | IllegalArgumentException e) {
      err.println("linkmesh firewall: " + e.getMessage());
      err.flush();
      return 2;
    } catch (FetchException e) {
      err.println("linkmesh firewall: " + e.getMessage());
      err.flush();
      return 1;
    }
  }

  private HostRole hostRole() {
    return HostRole.parse(role)
        .orElseThrow(
            () ->
                new UsageException("unknown --role '" + role + "': use server, collectors or all"));
  }

  // ---------------------------------------------------------------- offline

  private String offline(FirewallFormat chosen, HostRole hostRole, PrintWriter err) {
    if (collector != null) {
      throw new UsageException("--collector needs --server: offline there is no fleet");
    }
    if (credentials.given() || tokenFile != null) {
      throw new UsageException("--token, --token-file, --ca-cert and --insecure need --server");
    }
    Deployment deployment = deployment(env);

    ConfigQueries configQueries;
    if (configs != null) {
      DirectoryConfigs read = DirectoryConfigs.read(configs);
      for (String skipped : read.skipped()) {
        err.println("linkmesh firewall: skipped " + skipped);
      }
      configQueries = read;
    } else {
      configQueries = DirectoryConfigs.none();
    }
    FirewallReport report =
        new FirewallService(configQueries, new NoFleet(), deployment, extractors).rules();
    return chosen.render(report, hostRole);
  }

  /**
   * The deployment {@code linkmesh serve} would run with these settings: same sources (flag, {@code
   * LINKMESH_*}, {@code --config}), same defaults, same errors.
   */
  private Deployment deployment(Map<String, String> env) {
    ServeCommand serve = new ServeCommand();
    serve.config = config;
    serve.listen = listen;
    serve.externalUrl = externalUrl;
    serve.plaintext = plaintext;
    serve.store = store;
    serve.gitUrl = gitUrl;
    ServerSettings settings = serve.settings(env);
    if (settings.listenPort() == 0) {
      throw new UsageException(
          "--listen port must be 1-65535 for a firewall rule (0 picks a random port)");
    }
    return ServerDeployment.of(settings);
  }

  /** Offline there is no fleet: rules name selectors, not collectors. */
  private static final class NoFleet implements FleetQueries {
    @Override
    public List<Collector> collectors(CollectorFilter filter) {
      return List.of();
    }

    @Override
    public Optional<Collector> collector(CollectorId id) {
      return Optional.empty();
    }

    @Override
    public List<CollectorEvent> events(CollectorId id, int limit) {
      return List.of();
    }
  }

  // ---------------------------------------------------------------- against a server

  private String fetch(String base, FirewallFormat chosen, HostRole hostRole) {
    if (config != null
        || configs != null
        || externalUrl != null
        || listen != null
        || plaintext
        || store != null
        || gitUrl != null) {
      throw new UsageException(
          "--config, --configs, --external-url, --listen, --plaintext, --store and --git-url are"
              + " for offline use, not with --server");
    }
    URI uri = endpoint(base, chosen, hostRole);
    String bearer = token();
    HttpClient client = credentials.client("https".equals(uri.getScheme()));
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(REQUEST_TIMEOUT)
            .header("Authorization", "Bearer " + bearer)
            .header("Accept", chosen == FirewallFormat.JSON ? "application/json" : "text/*, */*")
            .GET()
            .build();
    HttpResponse<InputStream> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (HttpTimeoutException e) {
      throw new FetchException(
          uri + " did not answer within " + REQUEST_TIMEOUT.toSeconds() + " s");
    } catch (ConnectException e) {
      throw new FetchException("cannot connect to " + serverOf(uri) + ": connection refused");
    } catch (SSLException e) {
      throw new FetchException(
          "TLS with "
              + serverOf(uri)
              + " failed ("
              + e.getMessage()
              + "): pass --ca-cert FILE for a self-signed or private certificate");
    } catch (IOException e) {
      throw new FetchException("cannot reach " + serverOf(uri) + ": " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FetchException("interrupted");
    }
    String body = readBounded(response.body());
    int status = response.statusCode();
    if (status == 200) {
      return body;
    }
    String message = errorMessage(body);
    switch (status) {
      case 401:
        throw new FetchException("the server refused the token (401)" + message);
      case 403:
        throw new FetchException("the token may not read the firewall rules (403)" + message);
      case 404:
        throw new FetchException(
            (collector != null
                    ? "no collector " + collector + " (404)"
                    : uri.getPath() + " not found (404)")
                + message);
      default:
        throw new FetchException("the server answered " + status + message);
    }
  }

  private URI endpoint(String base, FirewallFormat chosen, HostRole hostRole) {
    String trimmed = base.strip();
    while (trimmed.endsWith("/")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    URI parsed;
    try {
      parsed = new URI(trimmed);
    } catch (URISyntaxException e) {
      throw new UsageException("--server is not a URL: " + base);
    }
    if (parsed.getHost() == null
        || !("https".equals(parsed.getScheme()) || "http".equals(parsed.getScheme()))) {
      throw new UsageException("--server must be an http(s) URL with a host: " + base);
    }
    String path;
    if (collector != null) {
      if (!CollectorId.isValid(collector)) {
        throw new UsageException("--collector is not a collector id: " + collector);
      }
      path = "/api/v1/collectors/" + collector + "/firewall";
    } else {
      path = "/api/v1/firewall";
    }
    StringBuilder query = new StringBuilder();
    if (chosen != FirewallFormat.JSON) {
      query.append("?format=").append(URLEncoder.encode(chosen.wireName(), StandardCharsets.UTF_8));
    }
    if (hostRole != HostRole.ALL
        && (chosen == FirewallFormat.NFTABLES || chosen == FirewallFormat.IPTABLES)) {
      query.append(query.length() == 0 ? '?' : '&').append("role=").append(hostRole.wireName());
    }
    return URI.create(trimmed + path + query);
  }

  private String token() {
    String token = credentials.token;
    if (token != null && tokenFile != null) {
      throw new UsageException("give --token or --token-file, not both");
    }
    String value = token;
    if (tokenFile != null) {
      try {
        if (Files.size(tokenFile) > 64 * 1024) {
          throw new UsageException("token file " + tokenFile + " is too large to be a token");
        }
        value = Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        throw new UsageException("cannot read token file " + tokenFile + ": " + e.getMessage());
      }
    }
    if (value == null) {
      value = env.get("LINKMESH_TOKEN");
    }
    if (value == null || value.isBlank()) {
      throw new UsageException(
          "--server needs an API token: --token, --token-file or LINKMESH_TOKEN");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c <= ' ' || c >= 0x7f) {
        throw new UsageException("the API token has a character a token cannot have");
      }
    }
    return value;
  }

  private static String readBounded(InputStream body) {
    try (InputStream in = body) {
      ByteArrayOutputStream buffer = new ByteArrayOutputStream();
      byte[] chunk = new byte[8192];
      int n;
      while ((n = in.read(chunk)) >= 0) {
        if (buffer.size() + n > MAX_RESPONSE_BYTES) {
          throw new FetchException(
              "the server's answer is larger than " + MAX_RESPONSE_BYTES + " bytes");
        }
        buffer.write(chunk, 0, n);
      }
      return buffer.toString(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new FetchException("reading the server's answer failed: " + e.getMessage());
    }
  }

  private static final Pattern ERROR_MESSAGE =
      Pattern.compile("\"message\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.){0,500})\"");

  /** {@code ": <message>"} from a {@code {"error": {"message": ...}}} body, or nothing. */
  private static String errorMessage(String body) {
    Matcher m = ERROR_MESSAGE.matcher(body);
    return m.find() ? ": " + m.group(1).replace("\\\"", "\"").replace("\\\\", "\\") : "";
  }

  private static String serverOf(URI uri) {
    return uri.getScheme() + "://" + uri.getRawAuthority();
  }

  /** A flag or setting that cannot be used: exit code 2. */
  private static final class UsageException extends RuntimeException {
    UsageException(String message) {
      super(message);
    }
  }

  /** The server could not be asked or did not answer with the rules: exit code 1. */
  private static final class FetchException extends RuntimeException {
    FetchException(String message) {
      super(message);
    }
  }
}
