package io.linkmesh.domain.port.in;

import io.linkmesh.domain.connectivity.FirewallReport;
import io.linkmesh.domain.fleet.CollectorId;
import java.util.Optional;

/** Which firewall rules the deployment needs, derived from its settings and desired state. */
public interface FirewallQueries {
  /**
   * Every rule: control plane inbound to the server, data plane outbound from the collectors to
   * each backend of their configs, and the server's egress to its Git store.
   */
  FirewallReport rules();

  /**
   * The rules one collector needs: the control-plane channels of its runtime and the egress to
   * every backend of the configs that select it; empty for an unknown collector.
   */
  Optional<FirewallReport> rulesFor(CollectorId collector);
}
