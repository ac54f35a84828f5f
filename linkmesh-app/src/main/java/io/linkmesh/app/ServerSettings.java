package io.linkmesh.app;

import static java.util.Objects.requireNonNull;

import io.linkmesh.opamp.OpampServer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Everything {@code linkmesh serve} is configured with, after flags, environment and config file
 * have been merged and checked.
 *
 * @param trustedProxies addresses, CIDR blocks or ranges of the proxies whose {@code Forwarded} /
 *     {@code X-Forwarded-*} headers are believed; empty: nobody's
 */
public record ServerSettings(
    String listenHost,
    int listenPort,
    URI externalUrl,
    Path dataDir,
    @Nullable Path tlsCert,
    @Nullable Path tlsKey,
    boolean plaintext,
    StoreKind store,
    @Nullable GitSettings git,
    String replica,
    Duration shutdownGrace,
    List<String> trustedProxies,
    OpampSettings opamp) {

  /**
   * How the server speaks OpAMP.
   *
   * @param httpPollInterval offered to plain-HTTP agents as their poll interval: the longest a
   *     change waits before such an agent sees it
   * @param maxMessageBytes the largest OpAMP message accepted (WebSocket frame or HTTP body, after
   *     decompression); larger ones are refused before they are buffered
   * @param socketsPerCredential how many WebSockets one collector credential may hold open
   */
  public record OpampSettings(
      Duration httpPollInterval, int maxMessageBytes, int socketsPerCredential) {
    public static final OpampSettings DEFAULTS =
        new OpampSettings(
            OpampServer.DEFAULT_HTTP_POLL_INTERVAL,
            OpampServer.DEFAULT_MAX_MESSAGE_BYTES,
            OpampServer.DEFAULT_SOCKETS_PER_CREDENTIAL);

    public OpampSettings {
      requireNonNull(httpPollInterval, "httpPollInterval");
      // OpAMP offers whole seconds.
      if (httpPollInterval.toMillis() % 1000 != 0
          || httpPollInterval.toSeconds() < 1
          || httpPollInterval.toSeconds() > 86_400) {
        throw new StartupException(
            "--opamp-http-poll-interval must be whole seconds from 1s to 24h, not "
                + httpPollInterval.toMillis()
                + "ms");
      }
      if (maxMessageBytes < 64 * 1024 || maxMessageBytes > 256 * 1024 * 1024) {
        throw new StartupException(
            "--opamp-max-message-size must be 64KiB to 256MiB, not " + maxMessageBytes + " bytes");
      }
      if (socketsPerCredential < 1 || socketsPerCredential > 1024) {
        throw new StartupException(
            "--opamp-sockets-per-credential must be 1 to 1024, not " + socketsPerCredential);
      }
    }
  }

  /** Where the desired state lives. */
  public enum StoreKind {
    FS,
    GIT
  }

  /** How to reach the shared Git repository of an HA deployment. */
  public record GitSettings(
      String url,
      String branch,
      @Nullable String username,
      @Nullable Path passwordFile,
      @Nullable Path sshKey,
      @Nullable Path knownHosts,
      Duration pollInterval) {
    public GitSettings {
      requireNonNull(url, "url");
      requireNonNull(branch, "branch");
      requireNonNull(pollInterval, "pollInterval");
    }

    @Override
    public String toString() {
      return "GitSettings[url=" + url + ", branch=" + branch + "]";
    }
  }

  public ServerSettings {
    requireNonNull(listenHost, "listenHost");
    requireNonNull(externalUrl, "externalUrl");
    requireNonNull(dataDir, "dataDir");
    requireNonNull(store, "store");
    requireNonNull(replica, "replica");
    requireNonNull(shutdownGrace, "shutdownGrace");
    requireNonNull(opamp, "opamp");
    if (listenPort < 0 || listenPort > 65535) {
      throw new StartupException("--listen port must be 0-65535: " + listenPort);
    }
    if ((tlsCert == null) != (tlsKey == null)) {
      throw new StartupException("--tls-cert and --tls-key go together");
    }
    if (store == StoreKind.GIT && git == null) {
      throw new StartupException("--store git needs --git-url");
    }
    trustedProxies = List.copyOf(trustedProxies);
    TrustedProxyCustomizer.addresses(trustedProxies); // refuses a bad entry at startup
  }

  /** Settings that trust no proxy's forwarding headers and speak OpAMP with its defaults. */
  public ServerSettings(
      String listenHost,
      int listenPort,
      URI externalUrl,
      Path dataDir,
      @Nullable Path tlsCert,
      @Nullable Path tlsKey,
      boolean plaintext,
      StoreKind store,
      @Nullable GitSettings git,
      String replica,
      Duration shutdownGrace) {
    this(
        listenHost,
        listenPort,
        externalUrl,
        dataDir,
        tlsCert,
        tlsKey,
        plaintext,
        store,
        git,
        replica,
        shutdownGrace,
        List.of(),
        OpampSettings.DEFAULTS);
  }

  /** Whether browsers reach the server over HTTPS, directly or through a TLS-terminating proxy. */
  public boolean externallyHttps() {
    return "https".equalsIgnoreCase(externalUrl.getScheme());
  }

  /** {@code https} unless serving plain HTTP behind a TLS-terminating proxy. */
  public String scheme() {
    return plaintext ? "http" : "https";
  }

  /** The external URL with a path appended, e.g. {@code https://host:8443/v1/opamp}. */
  public String externalUrl(String path) {
    String base = externalUrl.toString();
    if (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    return base + path;
  }

  /** The same URL with ws/wss instead of http/https. */
  public String externalWebSocketUrl(String path) {
    String url = externalUrl(path);
    return url.startsWith("https:") ? "wss:" + url.substring(6) : "ws:" + url.substring(5);
  }
}
