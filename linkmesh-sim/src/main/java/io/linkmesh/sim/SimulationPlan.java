package io.linkmesh.sim;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * What to simulate: how many agents of each kind, against which server, how they behave.
 *
 * @param server the server's base URL ({@code http(s)://host:port}); OpAMP goes to {@code
 *     /v1/opamp} (over {@code ws(s)://} for WebSocket), Alloy to {@code
 *     /collector.v1.CollectorService/...}
 * @param token the enrollment token every agent starts with (it must allow as many enrollments as
 *     agents); OpAMP agents switch to the per-collector credential the server offers
 * @param otelcol number of OpAMP agents (otelcol-contrib driven by the supervisor)
 * @param alloy number of Alloy remotecfg pollers
 * @param transport WebSocket or plain-HTTP polling for the OpAMP agents
 * @param otlp whether agents push their own metrics over OTLP/HTTP
 * @param failShare share of agents (0..1, chosen by index, deterministic) that report FAILED for
 *     every remote config instead of APPLIED
 * @param trust certificates accepted for https/wss
 * @param opampHttpPollInterval poll interval of HTTP agents (opamp-go default 30 s)
 * @param alloyPollInterval GetConfig interval of the Alloy pollers (Alloy's default 1 min)
 * @param metricsInterval own-metrics push interval
 * @param maxConnectsInFlight connection attempts outstanding at once while ramping/reconnecting
 * @param namePrefix prefix of host names and Alloy ids, e.g. {@code sim-host-00001}
 * @param applyDelay time between APPLYING and APPLIED/FAILED for a remote config
 * @param upgradeTimeout how long a WebSocket agent waits for its upgrade to be answered (queueing,
 *     connecting and the 101) before it counts an error and tries again, as opamp-go's dialer
 *     bounds its handshake
 */
public record SimulationPlan(
    URI server,
    String token,
    int otelcol,
    int alloy,
    OpampTransport transport,
    boolean otlp,
    double failShare,
    Trust trust,
    Duration opampHttpPollInterval,
    Duration alloyPollInterval,
    Duration metricsInterval,
    int maxConnectsInFlight,
    String namePrefix,
    Duration applyDelay,
    Duration upgradeTimeout) {

  /** How many agents of each kind at most (ids have five digits). */
  public static final int MAX_AGENTS = 99_999;

  private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.-]{0,40}");

  public SimulationPlan {
    requireNonNull(server, "server");
    requireNonNull(token, "token");
    requireNonNull(transport, "transport");
    requireNonNull(trust, "trust");
    requireNonNull(opampHttpPollInterval, "opampHttpPollInterval");
    requireNonNull(alloyPollInterval, "alloyPollInterval");
    requireNonNull(metricsInterval, "metricsInterval");
    requireNonNull(namePrefix, "namePrefix");
    requireNonNull(applyDelay, "applyDelay");
    requireNonNull(upgradeTimeout, "upgradeTimeout");
    String scheme = server.getScheme();
    if (server.getHost() == null || !("http".equals(scheme) || "https".equals(scheme))) {
      throw new IllegalArgumentException("server must be an http(s) URL with a host: " + server);
    }
    if (token.isBlank() || token.chars().anyMatch(c -> c <= ' ' || c > '~')) {
      throw new IllegalArgumentException("token must be non-blank printable ASCII");
    }
    if (otelcol < 0 || otelcol > MAX_AGENTS) {
      throw new IllegalArgumentException("otelcol must be 0.." + MAX_AGENTS + ": " + otelcol);
    }
    if (alloy < 0 || alloy > MAX_AGENTS) {
      throw new IllegalArgumentException("alloy must be 0.." + MAX_AGENTS + ": " + alloy);
    }
    if (!(failShare >= 0 && failShare <= 1)) {
      throw new IllegalArgumentException("failShare must be within 0..1: " + failShare);
    }
    positive("opampHttpPollInterval", opampHttpPollInterval);
    positive("alloyPollInterval", alloyPollInterval);
    positive("metricsInterval", metricsInterval);
    positive("upgradeTimeout", upgradeTimeout);
    if (applyDelay.isNegative()) {
      throw new IllegalArgumentException("applyDelay must not be negative: " + applyDelay);
    }
    if (maxConnectsInFlight < 1) {
      throw new IllegalArgumentException(
          "maxConnectsInFlight must be at least 1: " + maxConnectsInFlight);
    }
    if (!PREFIX.matcher(namePrefix).matches()) {
      throw new IllegalArgumentException(
          "namePrefix must be 1-41 characters of [A-Za-z0-9.-] starting with a letter or digit: '"
              + namePrefix
              + "'");
    }
  }

  private static void positive(String name, Duration d) {
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + d);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builder with the defaults of the real agents. */
  public static final class Builder {
    private URI server = URI.create("http://127.0.0.1:8080");
    private String token = "";
    private int otelcol;
    private int alloy;
    private OpampTransport transport = OpampTransport.WS;
    private boolean otlp;
    private double failShare;
    private Trust trust = Trust.system();
    private Duration opampHttpPollInterval = Duration.ofSeconds(30);
    private Duration alloyPollInterval = Duration.ofMinutes(1);
    private Duration metricsInterval = Duration.ofSeconds(10);
    private int maxConnectsInFlight = 500;
    private String namePrefix = "sim";
    private Duration applyDelay = Duration.ofMillis(5);
    private Duration upgradeTimeout = Duration.ofSeconds(10);

    private Builder() {}

    public Builder server(URI server) {
      this.server = requireNonNull(server, "server");
      return this;
    }

    public Builder token(String token) {
      this.token = requireNonNull(token, "token");
      return this;
    }

    public Builder otelcol(int otelcol) {
      this.otelcol = otelcol;
      return this;
    }

    public Builder alloy(int alloy) {
      this.alloy = alloy;
      return this;
    }

    public Builder transport(OpampTransport transport) {
      this.transport = requireNonNull(transport, "transport");
      return this;
    }

    public Builder otlp(boolean otlp) {
      this.otlp = otlp;
      return this;
    }

    public Builder failShare(double failShare) {
      this.failShare = failShare;
      return this;
    }

    public Builder trust(Trust trust) {
      this.trust = requireNonNull(trust, "trust");
      return this;
    }

    public Builder opampHttpPollInterval(Duration interval) {
      this.opampHttpPollInterval = requireNonNull(interval, "interval");
      return this;
    }

    public Builder alloyPollInterval(Duration interval) {
      this.alloyPollInterval = requireNonNull(interval, "interval");
      return this;
    }

    public Builder metricsInterval(Duration interval) {
      this.metricsInterval = requireNonNull(interval, "interval");
      return this;
    }

    public Builder maxConnectsInFlight(int max) {
      this.maxConnectsInFlight = max;
      return this;
    }

    public Builder namePrefix(String prefix) {
      this.namePrefix = requireNonNull(prefix, "prefix");
      return this;
    }

    public Builder applyDelay(Duration delay) {
      this.applyDelay = requireNonNull(delay, "delay");
      return this;
    }

    public Builder upgradeTimeout(Duration timeout) {
      this.upgradeTimeout = requireNonNull(timeout, "timeout");
      return this;
    }

    public SimulationPlan build() {
      return new SimulationPlan(
          server,
          token,
          otelcol,
          alloy,
          transport,
          otlp,
          failShare,
          trust,
          opampHttpPollInterval,
          alloyPollInterval,
          metricsInterval,
          maxConnectsInFlight,
          namePrefix,
          applyDelay,
          upgradeTimeout);
    }
  }
}
