package io.linkmesh.firewall.render.internal;

import static java.util.Objects.requireNonNull;

import io.linkmesh.domain.connectivity.FirewallReport;
import io.linkmesh.domain.connectivity.FirewallRule;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The body of {@code GET /api/v1/firewall}: {@code {"rules": [Rule, ...]}} plus where the rules
 * came from.
 *
 * @param deployment the deployment's one-line description
 * @param revision the revision id, null before the first write
 * @param scope {@code the whole fleet} or one collector
 * @param note the "nothing inbound to a collector or an agent" statement
 */
public record FirewallView(
    String deployment, @Nullable String revision, String scope, String note, List<RuleView> rules) {
  public FirewallView {
    requireNonNull(deployment, "deployment");
    requireNonNull(scope, "scope");
    requireNonNull(note, "note");
    rules = List.copyOf(rules);
  }

  public static FirewallView of(FirewallReport report) {
    List<RuleView> rules = new ArrayList<>();
    for (FirewallRule rule : report.rules()) {
      rules.add(RuleView.of(rule));
    }
    return new FirewallView(
        report.deployment().describe(),
        report.revision() == null ? null : report.revision().value(),
        report.scope(),
        FirewallReport.NOTHING_INBOUND,
        rules);
  }
}
