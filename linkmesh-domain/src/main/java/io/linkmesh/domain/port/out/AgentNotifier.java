package io.linkmesh.domain.port.out;

import io.linkmesh.domain.config.DesiredConfig;
import io.linkmesh.domain.fleet.CollectorId;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Tells whichever adapter holds a collector's connection that something changed for it. Called on
 * the thread that made the change, once per affected collector: implementations must not block
 * (queue the send).
 */
public interface AgentNotifier {
  /**
   * @param desired the collector's new desired config, null when no config matches it any more
   */
  void desiredConfigChanged(CollectorId collector, @Nullable DesiredConfig desired);

  /** The collector was deregistered: close its connection, refuse it from now on. */
  void deregistered(CollectorId collector);

  static AgentNotifier noop() {
    return all(List.of());
  }

  /** One notifier that tells all of these, in order. */
  static AgentNotifier all(List<AgentNotifier> notifiers) {
    List<AgentNotifier> copy = List.copyOf(notifiers);
    return new AgentNotifier() {
      @Override
      public void desiredConfigChanged(CollectorId collector, @Nullable DesiredConfig desired) {
        for (AgentNotifier n : copy) {
          n.desiredConfigChanged(collector, desired);
        }
      }

      @Override
      public void deregistered(CollectorId collector) {
        for (AgentNotifier n : copy) {
          n.deregistered(collector);
        }
      }
    };
  }
}
