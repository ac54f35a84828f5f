package io.linkmesh.opamp;

import static java.util.Objects.requireNonNull;

import io.linkmesh.jetty.HandlerOptions;
import java.net.URI;
import java.util.Locale;

/**
 * Renders a ready {@code supervisor.yaml} for the upstream {@code opampsupervisor}: the server
 * endpoint ({@code wss://<external>/v1/opamp}), the {@code Authorization} header in Go's list form,
 * and the capabilities a managed collector needs (remote config accepted and reported, connection
 * settings accepted so it can adopt its own credential, effective config, health, own metrics and
 * heartbeats reported). Immutable and safe for concurrent use.
 *
 * <pre>{@code
 * String yaml = SupervisorBootstrap.builder()
 *     .externalUrl(URI.create("https://linkmesh.example.com"))
 *     .build()
 *     .render(enrollmentToken);
 * }</pre>
 */
public final class SupervisorBootstrap {

  private final URI externalUrl;
  private final String path;
  private final String executable;
  private final String storageDirectory;
  private final boolean insecureSkipVerify;

  private SupervisorBootstrap(Builder b) {
    this.externalUrl = requireNonNull(b.externalUrl, "externalUrl");
    this.path = b.path;
    this.executable = b.executable;
    this.storageDirectory = b.storageDirectory;
    this.insecureSkipVerify = b.insecureSkipVerify;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The OpAMP endpoint collectors dial: ws(s) of the external URL plus the OpAMP path. */
  public String endpoint() {
    String scheme = externalUrl.getScheme().toLowerCase(Locale.ROOT);
    boolean secure = scheme.equals("https") || scheme.equals("wss");
    return (secure ? "wss" : "ws") + "://" + externalUrl.getRawAuthority() + path;
  }

  /**
   * The supervisor config for collectors enrolling with {@code token} (an enrollment token, or a
   * collector credential).
   */
  public String render(String token) {
    requireNonNull(token, "token");
    if (token.isBlank() || token.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
      throw new IllegalArgumentException("token must be printable ASCII without spaces");
    }
    StringBuilder y = new StringBuilder();
    y.append("# opampsupervisor config rendered by LinkMesh.\n");
    y.append("# The token is a secret: keep this file readable by the supervisor only.\n");
    y.append("server:\n");
    y.append("  endpoint: ").append(quote(endpoint())).append('\n');
    y.append("  headers:\n");
    y.append("    Authorization: [").append(quote("Bearer " + token)).append("]\n");
    if (endpoint().startsWith("wss:")) {
      y.append("  tls:\n");
      y.append("    insecure_skip_verify: ").append(insecureSkipVerify).append('\n');
    }
    y.append("capabilities:\n");
    y.append("  accepts_remote_config: true\n");
    y.append("  reports_remote_config: true\n");
    y.append("  accepts_opamp_connection_settings: true\n");
    y.append("  reports_effective_config: true\n");
    y.append("  reports_health: true\n");
    y.append("  reports_own_metrics: true\n");
    y.append("  reports_heartbeat: true\n");
    y.append("  accepts_restart_command: false\n");
    y.append("agent:\n");
    y.append("  executable: ").append(quote(executable)).append('\n');
    y.append("storage:\n");
    y.append("  directory: ").append(quote(storageDirectory)).append('\n');
    return y.toString();
  }

  /** A double-quoted YAML scalar. */
  private static String quote(String s) {
    StringBuilder q = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        q.append('\\').append(c);
      } else if (c < 0x20) {
        q.append(String.format(Locale.ROOT, "\\x%02x", (int) c));
      } else {
        q.append(c);
      }
    }
    return q.append('"').toString();
  }

  /** Options of a {@link SupervisorBootstrap}. */
  public static final class Builder {
    private URI externalUrl = URI.create("https://localhost:8443");
    private String path = "/v1/opamp";
    private String executable = "/usr/local/bin/otelcol-contrib";
    private String storageDirectory = "/var/lib/otelcol/supervisor";
    private boolean insecureSkipVerify;

    private Builder() {}

    /** How collectors reach the server, e.g. {@code https://linkmesh.example.com}. */
    public Builder externalUrl(URI externalUrl) {
      this.externalUrl = HandlerOptions.externalUrl(externalUrl);
      return this;
    }

    /** The OpAMP path (default {@code /v1/opamp}). */
    public Builder path(String path) {
      this.path = HandlerOptions.path(path);
      return this;
    }

    /** The collector binary (default {@code /usr/local/bin/otelcol-contrib}). */
    public Builder executable(String executable) {
      this.executable = requireNonNull(executable, "executable");
      return this;
    }

    /** The supervisor's state directory (default {@code /var/lib/otelcol/supervisor}). */
    public Builder storageDirectory(String storageDirectory) {
      this.storageDirectory = requireNonNull(storageDirectory, "storageDirectory");
      return this;
    }

    /**
     * Whether the supervisor skips TLS verification (for the self-signed certificate a fresh server
     * generates; default false).
     */
    public Builder insecureSkipVerify(boolean insecureSkipVerify) {
      this.insecureSkipVerify = insecureSkipVerify;
      return this;
    }

    public SupervisorBootstrap build() {
      return new SupervisorBootstrap(this);
    }
  }
}
