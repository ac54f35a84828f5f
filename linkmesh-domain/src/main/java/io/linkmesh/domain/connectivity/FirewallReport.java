package io.linkmesh.domain.connectivity;

import static java.util.Objects.requireNonNull;

import io.linkmesh.domain.revision.RevisionId;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Every rule a deployment needs, with what they were derived from: the deployment's settings and
 * the revision of the desired state.
 *
 * @param revision the revision the configs come from, null before the first write
 * @param scope what the rules cover: {@code the whole fleet} or one collector's name
 */
public record FirewallReport(
    Deployment deployment, @Nullable RevisionId revision, String scope, List<FirewallRule> rules) {
  /** Said in every rendering: LinkMesh never needs a connection to a collector or an agent. */
  public static final String NOTHING_INBOUND =
      "Nothing inbound to a collector or an agent, ever: they always dial out.";

  public FirewallReport {
    requireNonNull(deployment, "deployment");
    requireNonNull(scope, "scope");
    rules = List.copyOf(rules);
  }

  /** The rules of one plane, in report order. */
  public List<FirewallRule> rules(Plane plane) {
    List<FirewallRule> out = new ArrayList<>();
    for (FirewallRule rule : rules) {
      if (rule.plane() == plane) {
        out.add(rule);
      }
    }
    return out;
  }

  /** The data-plane rules whose destination could not be determined. */
  public List<FirewallRule> undetermined() {
    List<FirewallRule> out = new ArrayList<>();
    for (FirewallRule rule : rules) {
      if (!rule.determined()) {
        out.add(rule);
      }
    }
    return out;
  }

  /** One line naming where the report came from, for the header of every rendering. */
  public String provenance() {
    return "deployment "
        + deployment.describe()
        + ", "
        + (revision == null ? "no revision yet" : "revision " + revision.value())
        + ", "
        + scope;
  }
}
