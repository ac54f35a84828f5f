package io.linkmesh.config.alloy;

import static java.util.Objects.requireNonNull;

import io.linkmesh.config.alloy.syntax.Expressions;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Renders the Alloy onboarding snippet an operator pastes into a collector's local config: the
 * {@code remotecfg} block that hands the collector to LinkMesh, and the own-metrics pipeline that
 * pushes Alloy's self-telemetry to LinkMesh's {@code /v1/metrics} over OTLP/HTTP.
 *
 * <pre>{@code
 * String snippet = AlloyBootstrap.builder()
 *     .serverUrl("https://linkmesh.example.com")
 *     .token(enrollmentToken)
 *     .attribute("env", "prod")
 *     .build()
 *     .render();
 * }</pre>
 *
 * Every value is written as an escaped Alloy string literal; the output parses with {@link
 * io.linkmesh.config.alloy.syntax.AlloySyntax}.
 */
public final class AlloyBootstrap {

  /** Alloy's default and minimum {@code poll_frequency}. */
  public static final Duration DEFAULT_POLL_FREQUENCY = Duration.ofMinutes(1);

  public static final Duration MIN_POLL_FREQUENCY = Duration.ofSeconds(10);

  private static final Pattern ATTRIBUTE_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_.\\-/]{0,127}");

  private final String serverUrl;
  private final String token;
  private final @Nullable String id;
  private final @Nullable String name;
  private final Map<String, String> attributes;
  private final Duration pollFrequency;
  private final boolean ownMetrics;
  private final Duration metricsInterval;

  private AlloyBootstrap(Builder builder) {
    this.serverUrl = builder.serverUrl;
    this.token = builder.token;
    this.id = builder.id;
    this.name = builder.name;
    this.attributes = Map.copyOf(builder.attributes);
    this.pollFrequency = builder.pollFrequency;
    this.ownMetrics = builder.ownMetrics;
    this.metricsInterval = builder.metricsInterval;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The snippet: the {@code remotecfg} block, then (unless turned off) the own-metrics wiring. */
  public String render() {
    StringBuilder out = new StringBuilder();
    out.append("// Managed by LinkMesh: Alloy polls ")
        .append(serverUrl)
        .append(" for its pipeline.\n");
    out.append("remotecfg {\n");
    out.append("  url            = ").append(Expressions.quote(serverUrl)).append('\n');
    out.append("  id             = ")
        .append(id == null ? "constants.hostname" : Expressions.quote(id))
        .append('\n');
    if (name != null) {
      out.append("  name           = ").append(Expressions.quote(name)).append('\n');
    }
    out.append("  poll_frequency = ")
        .append(Expressions.quote(duration(pollFrequency)))
        .append('\n');
    out.append("  bearer_token   = ").append(Expressions.quote(token)).append('\n');
    if (!attributes.isEmpty()) {
      out.append("  attributes     = {\n");
      new TreeMap<>(attributes)
          .forEach(
              (k, v) ->
                  out.append("    ")
                      .append(Expressions.quote(k))
                      .append(" = ")
                      .append(Expressions.quote(v))
                      .append(",\n"));
      out.append("  }\n");
    }
    out.append("}\n");
    if (ownMetrics) {
      out.append('\n');
      ownMetrics(out);
    }
    return out.toString();
  }

  private void ownMetrics(StringBuilder out) {
    String metricsUrl = serverUrl + "/v1/metrics";
    out.append("// Alloy's own metrics (including the otelcol_* component counters) to LinkMesh,\n")
        .append("// which turns them into per-component throughput.\n")
        .append("prometheus.exporter.self \"linkmesh\" { }\n\n")
        .append("prometheus.scrape \"linkmesh_self\" {\n")
        .append("  targets         = prometheus.exporter.self.linkmesh.targets\n")
        .append("  forward_to      = [otelcol.receiver.prometheus.linkmesh.receiver]\n")
        .append("  scrape_interval = ")
        .append(Expressions.quote(duration(metricsInterval)))
        .append('\n')
        .append("}\n\n")
        .append("otelcol.receiver.prometheus \"linkmesh\" {\n")
        .append("  output {\n")
        .append("    metrics = [otelcol.exporter.otlphttp.linkmesh.input]\n")
        .append("  }\n")
        .append("}\n\n")
        .append("otelcol.auth.bearer \"linkmesh\" {\n")
        .append("  token = ")
        .append(Expressions.quote(token))
        .append('\n')
        .append("}\n\n")
        .append("otelcol.exporter.otlphttp \"linkmesh\" {\n")
        .append("  client {\n")
        .append("    endpoint = ")
        .append(Expressions.quote(serverUrl))
        .append('\n')
        .append("    auth     = otelcol.auth.bearer.linkmesh.handler\n")
        .append("  }\n")
        .append("  metrics_endpoint = ")
        .append(Expressions.quote(metricsUrl))
        .append('\n')
        .append("}\n");
  }

  /** Go duration text as Alloy reads it: {@code 1h2m3s}, {@code 90s} as {@code 1m30s}. */
  static String duration(Duration duration) {
    long seconds = duration.getSeconds();
    StringBuilder out = new StringBuilder();
    if (seconds >= 3600) {
      out.append(seconds / 3600).append('h');
      seconds %= 3600;
    }
    if (seconds >= 60) {
      out.append(seconds / 60).append('m');
      seconds %= 60;
    }
    if (seconds > 0 || out.length() == 0) {
      out.append(seconds).append('s');
    }
    return out.toString();
  }

  /** Options of the snippet; {@link #serverUrl} and {@link #token} are required. */
  public static final class Builder {
    private @Nullable String serverUrl;
    private @Nullable String token;
    private @Nullable String id;
    private @Nullable String name;
    private final Map<String, String> attributes = new TreeMap<>();
    private Duration pollFrequency = DEFAULT_POLL_FREQUENCY;
    private boolean ownMetrics = true;
    private Duration metricsInterval = Duration.ofSeconds(60);

    private Builder() {}

    /**
     * The server's external base URL ({@code https://host[:port][/prefix]}), as Alloy reaches it; a
     * trailing slash is dropped.
     */
    public Builder serverUrl(String url) {
      requireNonNull(url, "url");
      URI uri = URI.create(url);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null) {
        throw new IllegalArgumentException("server URL must be http(s)://host...: '" + url + "'");
      }
      this.serverUrl = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
      return this;
    }

    /** The enrollment token Alloy presents as its bearer token (remotecfg and own metrics). */
    public Builder token(String token) {
      requireNonNull(token, "token");
      if (token.isBlank()) {
        throw new IllegalArgumentException("token must not be blank");
      }
      this.token = token;
      return this;
    }

    /** A fixed collector id; by default the snippet uses {@code constants.hostname}. */
    public Builder id(String id) {
      this.id = requireNonNull(id, "id");
      return this;
    }

    /** The human name Alloy sends when it registers. */
    public Builder name(String name) {
      this.name = requireNonNull(name, "name");
      return this;
    }

    /** A {@code remotecfg} attribute; keys starting with {@code collector.} are Alloy's own. */
    public Builder attribute(String key, String value) {
      requireNonNull(key, "key");
      requireNonNull(value, "value");
      if (!ATTRIBUTE_KEY.matcher(key).matches() || key.startsWith("collector.")) {
        throw new IllegalArgumentException(
            "attribute key must match [A-Za-z_][A-Za-z0-9_.-/]* and not start with 'collector.': '"
                + key
                + "'");
      }
      attributes.put(key, value);
      return this;
    }

    public Builder attributes(Map<String, String> values) {
      values.forEach(this::attribute);
      return this;
    }

    /** How often Alloy polls; whole seconds, at least 10 s (Alloy's minimum). Default 1 min. */
    public Builder pollFrequency(Duration frequency) {
      requireNonNull(frequency, "frequency");
      if (frequency.compareTo(MIN_POLL_FREQUENCY) < 0 || frequency.getNano() != 0) {
        throw new IllegalArgumentException(
            "poll frequency must be whole seconds and at least 10s: " + frequency);
      }
      this.pollFrequency = frequency;
      return this;
    }

    /** Whether to include the own-metrics pipeline (default true). */
    public Builder ownMetrics(boolean enabled) {
      this.ownMetrics = enabled;
      return this;
    }

    /** How often Alloy scrapes and pushes its own metrics; whole seconds, at least 10 s. */
    public Builder metricsInterval(Duration interval) {
      requireNonNull(interval, "interval");
      if (interval.compareTo(Duration.ofSeconds(10)) < 0 || interval.getNano() != 0) {
        throw new IllegalArgumentException(
            "metrics interval must be whole seconds and at least 10s: " + interval);
      }
      this.metricsInterval = interval;
      return this;
    }

    public AlloyBootstrap build() {
      if (serverUrl == null) {
        throw new IllegalStateException("serverUrl is required");
      }
      if (token == null) {
        throw new IllegalStateException("token is required");
      }
      return new AlloyBootstrap(this);
    }
  }
}
