package io.linkmesh.domain.connectivity;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Where the Git store pushes and fetches: its URL (without credentials) and what a firewall sees of
 * it.
 *
 * @param url the remote URL with any user information removed (the SCP form's {@code git@} user is
 *     kept: it is not a secret)
 * @param transport how Git talks to it
 * @param host the remote host, null for a local repository
 * @param port the port (explicit or the transport's default), 0 for a local repository
 */
public record GitRemote(String url, GitTransport transport, @Nullable String host, int port) {
  private static final Pattern SCP =
      Pattern.compile("^(?:([^@/:]+)@)?([^/:\\[\\]]+|\\[[^\\]]+\\]):(.*)$");

  /** How the Git store reaches its remote. */
  public enum GitTransport {
    HTTPS("HTTPS (Git smart HTTP)", 443),
    HTTP("HTTP (Git smart HTTP, plaintext)", 80),
    SSH("SSH (Git)", 22),
    GIT("Git protocol (plaintext)", 9418),
    /** A path on the server's own disk: no connection. */
    LOCAL("local", 0);

    private final String label;
    private final int defaultPort;

    GitTransport(String label, int defaultPort) {
      this.label = label;
      this.defaultPort = defaultPort;
    }

    /** The protocol as the firewall tables show it. */
    public String label() {
      return label;
    }

    public int defaultPort() {
      return defaultPort;
    }
  }

  public GitRemote {
    requireNonNull(url, "url");
    requireNonNull(transport, "transport");
    if (transport == GitTransport.LOCAL) {
      if (host != null || port != 0) {
        throw new IllegalArgumentException("a local Git remote has no host or port");
      }
    } else if (host == null || host.isEmpty() || port < 1 || port > 65535) {
      throw new IllegalArgumentException("a network Git remote needs a host and a port 1-65535");
    }
  }

  /**
   * Parses {@code https://host[:port]/path}, {@code http://…}, {@code
   * ssh://[user@]host[:port]/path}, {@code git://host[:port]/path}, the SCP form {@code
   * [user@]host:path} and local paths ({@code file://…}, {@code /srv/repo.git}).
   *
   * @throws IllegalArgumentException naming the (redacted) value when it is none of these
   */
  public static GitRemote parse(String gitUrl) {
    requireNonNull(gitUrl, "gitUrl");
    String raw = gitUrl.strip();
    if (raw.isEmpty()) {
      throw new IllegalArgumentException("Git URL is empty");
    }
    String redacted = Urls.redact(raw);
    if (raw.contains("://")) {
      URI uri;
      try {
        uri = new URI(raw);
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException("Git URL is not a URL: " + redacted, e);
      }
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      GitTransport transport;
      switch (scheme) {
        case "https":
          transport = GitTransport.HTTPS;
          break;
        case "http":
          transport = GitTransport.HTTP;
          break;
        case "ssh":
        case "git+ssh":
        case "ssh+git":
          transport = GitTransport.SSH;
          break;
        case "git":
          transport = GitTransport.GIT;
          break;
        case "file":
          return new GitRemote(redacted, GitTransport.LOCAL, null, 0);
        default:
          throw new IllegalArgumentException(
              "Git URL scheme must be https, http, ssh, git or file: " + redacted);
      }
      String host = uri.getHost();
      if (host == null || host.isEmpty()) {
        throw new IllegalArgumentException("Git URL has no host: " + redacted);
      }
      int port = uri.getPort() > 0 ? uri.getPort() : transport.defaultPort();
      return new GitRemote(redacted, transport, Urls.bareHost(host), port);
    }
    if (raw.startsWith("/") || raw.startsWith("./") || raw.startsWith("../")) {
      return new GitRemote(raw, GitTransport.LOCAL, null, 0);
    }
    Matcher scp = SCP.matcher(raw);
    if (scp.matches() && !scp.group(2).isEmpty()) {
      return new GitRemote(raw, GitTransport.SSH, Urls.bareHost(scp.group(2)), 22);
    }
    throw new IllegalArgumentException(
        "Git URL must be https://, ssh://, git@host:path or a local path: " + redacted);
  }
}
