package io.linkmesh.app.cli;

import io.linkmesh.app.AdminToken;
import io.linkmesh.app.ConfigLanguages;
import io.linkmesh.app.LinkMeshServer;
import io.linkmesh.app.ServerSettings;
import io.linkmesh.app.StartupException;
import io.linkmesh.app.StoreFactory;
import io.linkmesh.app.Stores;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code linkmesh serve}: runs the server until SIGTERM or SIGINT. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Run the LinkMesh server: web UI, REST API, OpAMP, Alloy remotecfg and OTLP on one port.",
      "Every flag can also be set as LINKMESH_<FLAG> (e.g. LINKMESH_DATA_DIR) or in the --config file."
    })
public final class ServeCommand implements Callable<Integer> {
  static final Set<String> SETTINGS =
      Set.of(
          "listen",
          "external-url",
          "data-dir",
          "tls-cert",
          "tls-key",
          "plaintext",
          "store",
          "git-url",
          "git-branch",
          "git-username",
          "git-password-file",
          "git-ssh-key",
          "git-known-hosts",
          "git-poll-interval",
          "replica",
          "shutdown-grace",
          "trusted-proxies",
          "opamp-http-poll-interval",
          "opamp-max-message-size",
          "opamp-sockets-per-credential");

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "YAML file of settings (flag names as keys).")
  @Nullable Path config;

  @Option(
      names = "--listen",
      paramLabel = "HOST:PORT",
      description = "Address to listen on (default 0.0.0.0:8443).")
  @Nullable String listen;

  @Option(
      names = "--external-url",
      paramLabel = "URL",
      description =
          "How collectors and browsers reach this server (default: from --listen and the host name).")
  @Nullable String externalUrl;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description =
          "Where state, the admin token and the TLS certificate live (default ./linkmesh-data).")
  @Nullable String dataDir;

  @Option(
      names = "--tls-cert",
      paramLabel = "FILE",
      description =
          "PEM certificate chain (with --tls-key); default: a self-signed certificate in the data directory.")
  @Nullable String tlsCert;

  @Option(names = "--tls-key", paramLabel = "FILE", description = "PEM private key of --tls-cert.")
  @Nullable String tlsKey;

  @Option(
      names = "--plaintext",
      description = "Serve plain HTTP (only behind a TLS-terminating proxy).")
  boolean plaintext;

  @Option(
      names = "--store",
      paramLabel = "fs|git",
      description = "Where the desired state lives (default fs).")
  @Nullable String store;

  @Option(
      names = "--git-url",
      paramLabel = "URL",
      description =
          "Remote Git repository (with --store git): https://... or ssh://... or git@host:path.")
  @Nullable String gitUrl;

  @Option(
      names = "--git-branch",
      paramLabel = "NAME",
      description = "Branch to use (default main).")
  @Nullable String gitBranch;

  @Option(
      names = "--git-username",
      paramLabel = "NAME",
      description = "HTTPS user name for the Git remote.")
  @Nullable String gitUsername;

  @Option(
      names = "--git-password-file",
      paramLabel = "FILE",
      description = "File holding the HTTPS password or token for the Git remote.")
  @Nullable String gitPasswordFile;

  @Option(
      names = "--git-ssh-key",
      paramLabel = "FILE",
      description = "SSH private key for the Git remote.")
  @Nullable String gitSshKey;

  @Option(
      names = "--git-known-hosts",
      paramLabel = "FILE",
      description = "known_hosts file for the Git remote (default ~/.ssh/known_hosts).")
  @Nullable String gitKnownHosts;

  @Option(
      names = "--git-poll-interval",
      paramLabel = "DURATION",
      description = "How often to fetch the Git remote (default 5s).")
  @Nullable String gitPollInterval;

  @Option(
      names = "--replica",
      paramLabel = "NAME",
      description = "This server's name among HA replicas (default: host name).")
  @Nullable String replica;

  @Option(
      names = "--shutdown-grace",
      paramLabel = "DURATION",
      description = "How long in-flight requests may take on shutdown (default 10s).")
  @Nullable String shutdownGrace;

  @Option(
      names = "--trusted-proxies",
      paramLabel = "ADDRESSES",
      description =
          "Comma-separated addresses, CIDR blocks or ranges of the TLS-terminating proxies whose"
              + " Forwarded / X-Forwarded-* headers are believed (default: none).")
  @Nullable String trustedProxies;

  @Option(
      names = "--opamp-http-poll-interval",
      paramLabel = "DURATION",
      description =
          "Poll interval offered to plain-HTTP OpAMP agents: the longest a change waits before"
              + " they see it (default 5s). Changing it makes supervisors restart their client"
              + " once.")
  @Nullable String opampHttpPollInterval;

  @Option(
      names = "--opamp-max-message-size",
      paramLabel = "SIZE",
      description =
          "Largest OpAMP message accepted, WebSocket or HTTP (default 8MiB; e.g. 512KiB, 16MiB)."
              + " Larger ones are refused before they are buffered.")
  @Nullable String opampMaxMessageSize;

  @Option(
      names = "--opamp-sockets-per-credential",
      paramLabel = "N",
      description =
          "WebSockets one collector credential may hold open (default 4); an agent that"
              + " reconnects with its instance uid replaces its old socket.")
  @Nullable String opampSocketsPerCredential;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    ServerSettings settings = settings(System.getenv());
    Files.prepare(settings.dataDir());
    Stores stores = StoreFactory.open(settings, ConfigLanguages.validators());
    AdminToken admin;
    try {
      admin = StoreFactory.adminToken(settings);
    } catch (RuntimeException e) {
      stores.close();
      throw e;
    }
    LinkMeshServer server = LinkMeshServer.start(settings, stores, admin, Clock.systemUTC());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  stopped.countDown();
                  // A clean shutdown on SIGTERM/SIGINT exits 0, not the JVM's 143/130.
                  Runtime.getRuntime().halt(0);
                },
                "linkmesh-shutdown"));
    Banner.print(out, server, admin);
    server.join();
    stopped.await();
    return 0;
  }

  ServerSettings settings(Map<String, String> env) {
    SettingSources s = SettingSources.load(env, config, SETTINGS);
    SettingSources.Listen address = SettingSources.listen(s.get("listen", listen, "0.0.0.0:8443"));
    String host = address.host();
    int port = address.port();
    boolean plain = s.flag("plaintext", plaintext);
    String external = s.get("external-url", externalUrl);
    URI externalUri = external == null ? defaultExternalUrl(host, port, plain) : parseUrl(external);
    String storeValue = s.get("store", store, "fs").toLowerCase(Locale.ROOT);
    ServerSettings.StoreKind kind =
        switch (storeValue) {
          case "fs" -> ServerSettings.StoreKind.FS;
          case "git" -> ServerSettings.StoreKind.GIT;
          default ->
              throw new StartupException("unknown --store '" + storeValue + "' (use fs or git)");
        };
    ServerSettings.GitSettings git = null;
    String url = s.get("git-url", gitUrl);
    if (kind == ServerSettings.StoreKind.GIT) {
      if (url == null || url.isBlank()) {
        throw new StartupException("--store git needs --git-url");
      }
      git =
          new ServerSettings.GitSettings(
              url,
              s.get("git-branch", gitBranch, "main"),
              s.get("git-username", gitUsername),
              path(s.get("git-password-file", gitPasswordFile)),
              path(s.get("git-ssh-key", gitSshKey)),
              path(s.get("git-known-hosts", gitKnownHosts)),
              SettingSources.duration(
                  "git-poll-interval", s.get("git-poll-interval", gitPollInterval, "5s")));
    } else if (url != null) {
      throw new StartupException("--git-url needs --store git");
    }
    return new ServerSettings(
        host,
        port,
        externalUri,
        Path.of(s.get("data-dir", dataDir, "./linkmesh-data")).toAbsolutePath().normalize(),
        path(s.get("tls-cert", tlsCert)),
        path(s.get("tls-key", tlsKey)),
        plain,
        kind,
        git,
        s.get("replica", replica, hostName()),
        SettingSources.duration("shutdown-grace", s.get("shutdown-grace", shutdownGrace, "10s")),
        list(s.get("trusted-proxies", trustedProxies)),
        new ServerSettings.OpampSettings(
            SettingSources.duration(
                "opamp-http-poll-interval",
                s.get("opamp-http-poll-interval", opampHttpPollInterval, "5s")),
            SettingSources.size(
                "opamp-max-message-size",
                s.get("opamp-max-message-size", opampMaxMessageSize, "8MiB")),
            SettingSources.integer(
                "opamp-sockets-per-credential",
                s.get("opamp-sockets-per-credential", opampSocketsPerCredential, "4"))));
  }

  private static List<String> list(@Nullable String value) {
    return value == null || value.isBlank()
        ? List.of()
        : Arrays.stream(value.split(",")).map(String::strip).filter(v -> !v.isEmpty()).toList();
  }

  private static @Nullable Path path(@Nullable String value) {
    return value == null || value.isBlank() ? null : Path.of(value);
  }

  private static URI parseUrl(String value) {
    try {
      URI uri = new URI(value);
      if (uri.getScheme() == null
          || !(uri.getScheme().equals("https") || uri.getScheme().equals("http"))
          || uri.getHost() == null) {
        throw new StartupException(
            "--external-url must be an http(s) URL with a host, not '" + value + "'");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new StartupException("--external-url is not a URL: '" + value + "'", e);
    }
  }

  private static URI defaultExternalUrl(String host, int port, boolean plain) {
    String h = host.isEmpty() || host.equals("0.0.0.0") || host.equals("::") ? hostName() : host;
    if (h.contains(":")) {
      h = "[" + h + "]";
    }
    return URI.create((plain ? "http" : "https") + "://" + h + ":" + port);
  }

  static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }

  /** Creates the data directory with owner-only permissions. */
  static final class Files {
    private Files() {}

    static void prepare(Path dataDir) {
      try {
        if (!java.nio.file.Files.isDirectory(dataDir)) {
          java.nio.file.Files.createDirectories(dataDir);
          try {
            java.nio.file.Files.setPosixFilePermissions(
                dataDir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
          } catch (UnsupportedOperationException e) {
            // Not a POSIX file system; the directory keeps its default permissions.
          }
        }
        if (!java.nio.file.Files.isWritable(dataDir)) {
          throw new StartupException("--data-dir " + dataDir + " is not writable");
        }
      } catch (java.io.IOException e) {
        throw new StartupException(
            "cannot create --data-dir " + dataDir + ": " + e.getMessage(), e);
      }
    }
  }
}
