package io.linkmesh.domain.service;

import static java.util.Objects.requireNonNull;

import io.linkmesh.domain.config.ConfigSpec;
import io.linkmesh.domain.connectivity.ChannelMode;
import io.linkmesh.domain.connectivity.Deployment;
import io.linkmesh.domain.connectivity.Direction;
import io.linkmesh.domain.connectivity.EndpointProtocol;
import io.linkmesh.domain.connectivity.ExporterEndpoint;
import io.linkmesh.domain.connectivity.FirewallReport;
import io.linkmesh.domain.connectivity.FirewallRule;
import io.linkmesh.domain.connectivity.GitRemote;
import io.linkmesh.domain.connectivity.Plane;
import io.linkmesh.domain.connectivity.Requirement;
import io.linkmesh.domain.connectivity.ServerAddress;
import io.linkmesh.domain.fleet.Collector;
import io.linkmesh.domain.fleet.CollectorId;
import io.linkmesh.domain.fleet.CollectorRuntime;
import io.linkmesh.domain.port.in.CollectorFilter;
import io.linkmesh.domain.port.in.ConfigQueries;
import io.linkmesh.domain.port.in.FirewallQueries;
import io.linkmesh.domain.port.in.FleetQueries;
import io.linkmesh.domain.port.out.EndpointExtractor;
import io.linkmesh.domain.revision.Revision;
import io.linkmesh.domain.revision.RevisionId;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Derives the firewall rules of a deployment from its settings, its configs and its fleet.
 *
 * <p>Wiring: {@code new FirewallService(domain.configs(), domain.fleet(), deployment,
 * List.of(otelcolExtractor, alloyExtractor))}. Rules are computed on each call from the current
 * state; what each config exports to is remembered per config body, so only changed configs are
 * parsed again.
 */
public final class FirewallService implements FirewallQueries {
  /** The most endpoints taken from one config; more are reported as one undetermined rule. */
  public static final int MAX_ENDPOINTS_PER_CONFIG = 1000;

  private static final Pattern USER_INFO = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*://)[^/@]*@");

  private final ConfigQueries configs;
  private final FleetQueries fleet;
  private final Deployment deployment;
  private final Map<CollectorRuntime, EndpointExtractor> extractors =
      new EnumMap<>(CollectorRuntime.class);
  private volatile Map<ConfigSpec, Extraction> memo = Map.of();

  public FirewallService(
      ConfigQueries configs,
      FleetQueries fleet,
      Deployment deployment,
      List<EndpointExtractor> extractors) {
    this.configs = requireNonNull(configs, "configs");
    this.fleet = requireNonNull(fleet, "fleet");
    this.deployment = requireNonNull(deployment, "deployment");
    for (EndpointExtractor extractor : List.copyOf(extractors)) {
      if (this.extractors.put(extractor.runtime(), extractor) != null) {
        throw new IllegalArgumentException(
            "two endpoint extractors for " + extractor.runtime().wireName());
      }
    }
  }

  public Deployment deployment() {
    return deployment;
  }

  @Override
  public FirewallReport rules() {
    List<ConfigSpec> specs = configs.configs();
    List<Collector> collectors = fleet.collectors(CollectorFilter.ALL);
    List<FirewallRule> rules = new ArrayList<>(control(specs, collectors, null));
    rules.addAll(data(specs, collectors, null));
    rules.addAll(store());
    return new FirewallReport(deployment, revision(), "the whole fleet", rules);
  }

  @Override
  public Optional<FirewallReport> rulesFor(CollectorId id) {
    Optional<Collector> found = fleet.collector(requireNonNull(id, "id"));
    if (found.isEmpty()) {
      return Optional.empty();
    }
    Collector collector = found.get();
    List<ConfigSpec> specs = new ArrayList<>();
    for (ConfigSpec spec : configs.configs()) {
      if (selects(spec, collector)) {
        specs.add(spec);
      }
    }
    List<FirewallRule> rules = new ArrayList<>(control(specs, List.of(collector), collector));
    rules.addAll(data(specs, List.of(collector), collector));
    return Optional.of(
        new FirewallReport(
            deployment,
            revision(),
            "collector " + collector.displayName() + " (" + collector.id() + ")",
            rules));
  }

  private @Nullable RevisionId revision() {
    return configs.head().map(Revision::id).orElse(null);
  }

  // ---------------------------------------------------------------- control plane

  private List<FirewallRule> control(
      List<ConfigSpec> specs, List<Collector> collectors, @Nullable Collector only) {
    ServerAddress server = deployment.server();
    String to = "LinkMesh server (" + server.host() + ")";
    boolean tls = server.tls();
    String web = tls ? "HTTPS" : "HTTP";
    String ws = tls ? "WSS" : "WS";
    String where =
        "external URL "
            + server.url()
            + (server.port() != deployment.listenPort()
                ? "; the server itself listens on port " + deployment.listenPort()
                : "");
    List<FirewallRule> rules = new ArrayList<>();
    if (only == null) {
      rules.add(
          FirewallRule.control(
              "operator browser",
              to,
              server,
              web,
              "Web UI (/) and REST API (/api/v1)",
              Requirement.YES,
              where));
    }
    for (CollectorRuntime runtime : CollectorRuntime.values()) {
      if (only != null && only.runtime() != runtime) {
        continue;
      }
      ChannelMode mode =
          runtime == CollectorRuntime.OTELCOL ? deployment.opamp() : deployment.alloy();
      String usage = usage(runtime, specs, collectors);
      if (mode == ChannelMode.OFF || (mode == ChannelMode.AUTO && usage.isEmpty())) {
        continue;
      }
      String why =
          (mode == ChannelMode.ON ? "expected by the deployment" : "in use")
              + (usage.isEmpty() ? "" : ": " + usage);
      if (runtime == CollectorRuntime.OTELCOL) {
        rules.add(
            FirewallRule.control(
                only != null
                    ? only.displayName()
                    : "otelcol collectors (opampsupervisor / opamp" + " extension)",
                to,
                server,
                web + " (OpAMP, " + ws + ")",
                "OpAMP: remote config, status and health (/v1/opamp)",
                Requirement.YES,
                why));
      } else {
        rules.add(
            FirewallRule.control(
                only != null ? only.displayName() : "Alloy collectors (remotecfg)",
                to,
                server,
                web + " (Alloy remotecfg, Connect)",
                "remotecfg: register and fetch config (/collector.v1.CollectorService)",
                Requirement.YES,
                why));
      }
    }
    if (deployment.ownMetrics() != ChannelMode.OFF) {
      rules.add(
          FirewallRule.control(
              only != null ? only.displayName() : "collectors (own metrics)",
              to,
              server,
              web + " (OTLP/HTTP)",
              "Collectors' own metrics for per-component throughput (/v1/metrics)",
              Requirement.OPTIONAL,
              "only if collectors push their own metrics to LinkMesh"));
    }
    if (only == null && deployment.agent() != ChannelMode.OFF) {
      rules.add(
          FirewallRule.control(
              "onboarding agent (linkmesh agent)",
              to,
              server,
              web + " (" + ws + ")",
              "Onboarding agent: discovery and connectivity checks (/v1/agent)",
              Requirement.OPTIONAL,
              "only if the onboarding agent is used"));
    }
    return rules;
  }

  private static String usage(
      CollectorRuntime runtime, List<ConfigSpec> specs, List<Collector> collectors) {
    int registered = 0;
    for (Collector collector : collectors) {
      if (collector.runtime() == runtime) {
        registered++;
      }
    }
    int configured = 0;
    for (ConfigSpec spec : specs) {
      if (spec.runtime() == runtime) {
        configured++;
      }
    }
    List<String> parts = new ArrayList<>();
    if (registered > 0) {
      parts.add(plural(registered, runtime.wireName() + " collector") + " registered");
    }
    if (configured > 0) {
      parts.add(plural(configured, runtime.wireName() + " config"));
    }
    return String.join(", ", parts);
  }

  // ---------------------------------------------------------------- data plane

  private List<FirewallRule> data(
      List<ConfigSpec> specs, List<Collector> fleetView, @Nullable Collector only) {
    List<Collector> collectors = new ArrayList<>(fleetView);
    collectors.sort(Comparator.comparing(Collector::id));
    Map<ConfigSpec, Extraction> previous = memo;
    Map<ConfigSpec, Extraction> next = new HashMap<>();
    Map<String, Target> targets = new LinkedHashMap<>();
    for (ConfigSpec spec : specs) {
      Extraction extraction = previous.get(spec);
      if (extraction == null) {
        extraction = extract(spec);
      }
      next.put(spec, extraction);
      BitSet selected = new BitSet(collectors.size());
      for (int i = 0; i < collectors.size(); i++) {
        if (selects(spec, collectors.get(i))) {
          selected.set(i);
        }
      }
      for (ExporterEndpoint endpoint : extraction.endpoints()) {
        String key =
            endpoint.undetermined() == null
                ? lower(endpoint.host()) + ":" + endpoint.port() + "|" + protocol(endpoint)
                : "?" + spec.name() + "|" + endpoint.component() + "|" + endpoint.raw();
        targets.computeIfAbsent(key, k -> new Target(endpoint)).add(spec, endpoint, selected);
      }
    }
    if (only == null) {
      memo = next;
    }
    List<Target> ordered = new ArrayList<>(targets.values());
    ordered.sort(Target.ORDER);
    List<FirewallRule> rules = new ArrayList<>();
    for (Target target : ordered) {
      rules.add(target.rule(only, collectors));
    }
    return rules;
  }

  private Extraction extract(ConfigSpec spec) {
    EndpointExtractor extractor = extractors.get(spec.runtime());
    if (extractor == null) {
      return new Extraction(
          List.of(
              unknown(
                  spec,
                  "no endpoint extractor for "
                      + spec.runtime().wireName()
                      + " configs: open its exporters' endpoints by hand")));
    }
    List<ExporterEndpoint> found;
    try {
      found = extractor.exporterEndpoints(spec.content());
    } catch (RuntimeException e) {
      return new Extraction(
          List.of(unknown(spec, "the config could not be read for endpoints: " + e.getMessage())));
    }
    if (found.size() <= MAX_ENDPOINTS_PER_CONFIG) {
      return new Extraction(List.copyOf(found));
    }
    List<ExporterEndpoint> kept = new ArrayList<>(found.subList(0, MAX_ENDPOINTS_PER_CONFIG));
    kept.add(
        unknown(
            spec,
            (found.size() - MAX_ENDPOINTS_PER_CONFIG)
                + " more endpoints beyond the first "
                + MAX_ENDPOINTS_PER_CONFIG
                + " are not listed"));
    return new Extraction(List.copyOf(kept));
  }

  private static ExporterEndpoint unknown(ConfigSpec spec, String why) {
    return new ExporterEndpoint(
        "(config " + spec.name() + ")", EndpointProtocol.OTHER_HTTP, "", null, 0, false, why);
  }

  /**
   * Whether the config selects the collector: {@link io.linkmesh.domain.config.Selector} semantics
   * (a label, else the attribute of that key, equals the value) without building the merged map.
   */
  private static boolean selects(ConfigSpec spec, Collector collector) {
    if (spec.runtime() != collector.runtime()) {
      return false;
    }
    Map<String, String> labels = collector.labels();
    Map<String, String> attributes = collector.attributes();
    for (Map.Entry<String, String> m : spec.selector().matchers().entrySet()) {
      String value = labels.get(m.getKey());
      if (value == null) {
        value = attributes.get(m.getKey());
      }
      if (!m.getValue().equals(value)) {
        return false;
      }
    }
    return true;
  }

  static String protocol(ExporterEndpoint endpoint) {
    boolean tls = endpoint.tls();
    if (endpoint.undetermined() != null) {
      return undeterminedProtocol(endpoint.protocol());
    }
    switch (endpoint.protocol()) {
      case OTLP_GRPC:
        return tls ? "gRPC over TLS (OTLP/gRPC)" : "gRPC, plaintext (OTLP/gRPC)";
      case OTLP_HTTP:
        return tls ? "HTTPS (OTLP/HTTP)" : "HTTP, plaintext (OTLP/HTTP)";
      case PROMETHEUS_REMOTE_WRITE:
        return tls
            ? "HTTPS (Prometheus remote-write)"
            : "HTTP, plaintext (Prometheus remote-write)";
      case LOKI:
        return tls ? "HTTPS (Loki push)" : "HTTP, plaintext (Loki push)";
      case KAFKA:
        return tls ? "Kafka over TLS" : "Kafka";
      case OTHER_HTTP:
      default:
        return tls ? "HTTPS" : "HTTP, plaintext";
    }
  }

  /** Without a resolved endpoint nothing tells whether it uses TLS. */
  private static String undeterminedProtocol(EndpointProtocol protocol) {
    switch (protocol) {
      case OTLP_GRPC:
        return "OTLP/gRPC";
      case OTLP_HTTP:
        return "OTLP/HTTP";
      case PROMETHEUS_REMOTE_WRITE:
        return "Prometheus remote-write";
      case LOKI:
        return "Loki push";
      case KAFKA:
        return "Kafka";
      case OTHER_HTTP:
      default:
        return "HTTP(S)";
    }
  }

  private static String purpose(ExporterEndpoint endpoint) {
    String what;
    switch (endpoint.protocol()) {
      case OTLP_GRPC:
        what = "Export telemetry over OTLP/gRPC";
        break;
      case OTLP_HTTP:
        what = "Export telemetry over OTLP/HTTP";
        break;
      case PROMETHEUS_REMOTE_WRITE:
        what = "Prometheus remote-write";
        break;
      case LOKI:
        what = "Push logs to Loki";
        break;
      case KAFKA:
        what = "Kafka broker";
        break;
      case OTHER_HTTP:
      default:
        what = "Export telemetry";
        break;
    }
    String host = endpoint.host();
    if (host != null && lower(host).endsWith(".grafana.net")) {
      what += " to Grafana Cloud";
    }
    return what;
  }

  /** Endpoints found in one config body. */
  private record Extraction(List<ExporterEndpoint> endpoints) {}

  /** One destination (host:port and protocol, or one undetermined endpoint) and who needs it. */
  private static final class Target {
    static final Comparator<Target> ORDER =
        Comparator.comparing((Target t) -> t.first.undetermined() != null)
            .thenComparing(t -> lower(t.first.host()))
            .thenComparingInt(t -> t.first.port())
            .thenComparing(t -> protocol(t.first))
            .thenComparing(t -> t.first.raw());

    final ExporterEndpoint first;
    final Set<CollectorRuntime> runtimes = EnumSet.noneOf(CollectorRuntime.class);
    final Set<String> configs = new TreeSet<>();
    final Map<String, String> selectors = new TreeMap<>();
    final Set<String> reasons = new LinkedHashSet<>();
    final BitSet collectors = new BitSet();

    Target(ExporterEndpoint first) {
      this.first = first;
    }

    void add(ConfigSpec spec, ExporterEndpoint endpoint, BitSet selected) {
      runtimes.add(spec.runtime());
      String name = spec.name().value();
      configs.add(name);
      selectors.put(name, name + ": " + selector(spec));
      reasons.add("exporter " + endpoint.component() + " in config " + name);
      collectors.or(selected);
    }

    /**
     * @param fleet the collectors the bits of {@link #collectors} index, ordered by id
     */
    FirewallRule rule(@Nullable Collector only, List<Collector> fleet) {
      String from;
      if (only != null) {
        from = only.displayName();
      } else if (runtimes.size() == 2) {
        from = "otelcol and Alloy collectors";
      } else {
        from =
            runtimes.contains(CollectorRuntime.ALLOY) ? "Alloy collectors" : "otelcol collectors";
      }
      List<String> named = new ArrayList<>();
      for (int i = collectors.nextSetBit(0);
          i >= 0 && named.size() < FirewallRule.MAX_LISTED;
          i = collectors.nextSetBit(i + 1)) {
        named.add(fleet.get(i).displayName());
      }
      String raw = redact(first.raw());
      String to =
          first.undetermined() == null ? requireNonNull(first.host()) : raw.isEmpty() ? "?" : raw;
      return new FirewallRule(
          Plane.DATA,
          from,
          to,
          first.undetermined() == null ? first.host() : null,
          first.undetermined() == null ? first.port() : 0,
          protocol(first),
          Direction.OUTBOUND,
          purpose(first),
          Requirement.AS_CONFIGURED,
          String.join("; ", reasons),
          List.copyOf(configs),
          List.copyOf(selectors.values()),
          named,
          collectors.cardinality(),
          first.undetermined());
    }

    private static String selector(ConfigSpec spec) {
      if (spec.selector().isEmpty()) {
        return "every " + spec.runtime().wireName() + " collector";
      }
      List<String> parts = new ArrayList<>();
      for (Map.Entry<String, String> m : spec.selector().matchers().entrySet()) {
        parts.add(m.getKey() + "=" + m.getValue());
      }
      return spec.runtime().wireName() + " collectors with " + String.join(", ", parts);
    }
  }

  // ---------------------------------------------------------------- store

  private List<FirewallRule> store() {
    GitRemote git = deployment.git();
    if (git == null || git.transport() == GitRemote.GitTransport.LOCAL) {
      return List.of();
    }
    return List.of(
        FirewallRule.store(
            "LinkMesh server",
            requireNonNull(git.host()),
            git.port(),
            git.transport().label(),
            "Push and fetch the desired state (Git store)",
            "store git, remote " + git.url()));
  }

  private static String redact(String url) {
    return USER_INFO.matcher(url).replaceFirst("$1");
  }

  private static String plural(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  /** Null-tolerant lower-casing for keys. */
  private static String lower(@Nullable String s) {
    return s == null ? "" : s.toLowerCase(Locale.ROOT);
  }
}
