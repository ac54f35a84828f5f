package io.linkmesh.firewall.render.internal;

import static java.util.Objects.requireNonNull;

import io.linkmesh.domain.connectivity.FirewallRule;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A firewall rule as JSON carries it (CONTRACT.md "Rule"): enums as their lower-case names, an
 * undetermined port as null.
 */
public record RuleView(
    String plane,
    String from,
    String to,
    @Nullable String host,
    @Nullable Integer port,
    String protocol,
    String direction,
    String purpose,
    String required,
    String reason,
    List<String> configs,
    List<String> selectors,
    List<String> collectors,
    int collectorCount,
    @Nullable String undetermined) {
  public RuleView {
    requireNonNull(plane, "plane");
    requireNonNull(from, "from");
    requireNonNull(to, "to");
    requireNonNull(protocol, "protocol");
    requireNonNull(direction, "direction");
    requireNonNull(purpose, "purpose");
    requireNonNull(required, "required");
    requireNonNull(reason, "reason");
    configs = List.copyOf(configs);
    selectors = List.copyOf(selectors);
    collectors = List.copyOf(collectors);
  }

  public static RuleView of(FirewallRule rule) {
    return new RuleView(
        rule.plane().wireName(),
        rule.from(),
        rule.to(),
        rule.host(),
        rule.port() == 0 ? null : rule.port(),
        rule.protocol(),
        rule.direction().wireName(),
        rule.purpose(),
        rule.required().wireName(),
        rule.reason(),
        rule.configs(),
        rule.selectors(),
        rule.collectors(),
        rule.collectorCount(),
        rule.undetermined());
  }
}
