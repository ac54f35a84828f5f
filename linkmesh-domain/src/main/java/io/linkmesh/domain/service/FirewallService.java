package io.linkmesh.domain.service;

import static java.util.Objects.requireNonNull;

import io.linkmesh.domain.config.ConfigSpec;
import io.linkmesh.domain.connectivity.ChannelMode;
import io.linkmesh.domain.connectivity.Deployment;
import io.linkmesh.domain.connectivity.EndpointProtocol;
import io.linkmesh.domain.connectivity.ExporterEndpoint;
import io.linkmesh.domain.connectivity.FirewallReport;
import io.linkmesh.domain.connectivity.FirewallRule;
import io.linkmesh.domain.connectivity.GitRemote;
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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    Map<String, DataTarget> targets = new LinkedHashMap<>();
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
        targets
            .computeIfAbsent(DataTarget.key(spec, endpoint), k -> new DataTarget(endpoint))
            .add(spec, endpoint, selected);
      }
    }
    if (only == null) {
      memo = next;
    }
    List<DataTarget> ordered = new ArrayList<>(targets.values());
    ordered.sort(DataTarget.ORDER);
    List<FirewallRule> rules = new ArrayList<>();
    for (DataTarget target : ordered) {
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

  private static boolean selects(ConfigSpec spec, Collector collector) {
    return spec.runtime() == collector.runtime()
        && spec.selector().matches(collector.labels(), collector.attributes());
  }

  /** Endpoints found in one config body. */
  private record Extraction(List<ExporterEndpoint> endpoints) {}

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

  private static String plural(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
