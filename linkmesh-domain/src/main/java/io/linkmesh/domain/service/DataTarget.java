package io.linkmesh.domain.service;

import static java.util.Objects.requireNonNull;

import io.linkmesh.domain.config.ConfigSpec;
import io.linkmesh.domain.connectivity.Direction;
import io.linkmesh.domain.connectivity.EndpointProtocol;
import io.linkmesh.domain.connectivity.ExporterEndpoint;
import io.linkmesh.domain.connectivity.FirewallRule;
import io.linkmesh.domain.connectivity.Plane;
import io.linkmesh.domain.connectivity.Requirement;
import io.linkmesh.domain.fleet.Collector;
import io.linkmesh.domain.fleet.CollectorRuntime;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One data-plane destination (host:port and protocol, or one undetermined endpoint), the configs
 * and collectors that need it, and how {@link FirewallService} words it as a rule.
 */
final class DataTarget {
  private static final Pattern USER_INFO = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*://)[^/@]*@");

  static final Comparator<DataTarget> ORDER =
      Comparator.comparing((DataTarget t) -> t.first.undetermined() != null)
          .thenComparing(t -> lower(t.first.host()))
          .thenComparingInt(t -> t.first.port())
          .thenComparing(t -> protocol(t.first))
          .thenComparing(t -> t.first.raw());

  private final ExporterEndpoint first;
  private final Set<CollectorRuntime> runtimes = EnumSet.noneOf(CollectorRuntime.class);
  private final Set<String> configs = new TreeSet<>();
  private final Map<String, String> selectors = new TreeMap<>();
  private final Set<String> reasons = new LinkedHashSet<>();
  private final BitSet collectors = new BitSet();

  /** Endpoints with one key share one rule: same host, port and protocol, or the same unknown. */
  static String key(ConfigSpec spec, ExporterEndpoint endpoint) {
    return endpoint.undetermined() == null
        ? lower(endpoint.host()) + ":" + endpoint.port() + "|" + protocol(endpoint)
        : "?" + spec.name() + "|" + endpoint.component() + "|" + endpoint.raw();
  }

  DataTarget(ExporterEndpoint first) {
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
      from = runtimes.contains(CollectorRuntime.ALLOY) ? "Alloy collectors" : "otelcol collectors";
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

  private static String protocol(ExporterEndpoint endpoint) {
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

  private static String redact(String url) {
    return USER_INFO.matcher(url).replaceFirst("$1");
  }

  /** Null-tolerant lower-casing for keys. */
  private static String lower(@Nullable String s) {
    return s == null ? "" : s.toLowerCase(Locale.ROOT);
  }
}
