package io.linkmesh.domain.testing;

import io.linkmesh.domain.config.DesiredConfig;
import io.linkmesh.domain.fleet.CollectorId;
import io.linkmesh.domain.port.out.AgentNotifier;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** An {@link AgentNotifier} that remembers what it was told. */
public final class RecordingAgentNotifier implements AgentNotifier {
  /** One notification. */
  public record Notification(
      CollectorId collector, @Nullable DesiredConfig desired, boolean deregistered) {}

  private final List<Notification> notifications = new ArrayList<>();

  @Override
  public synchronized void desiredConfigChanged(
      CollectorId collector, @Nullable DesiredConfig desired) {
    notifications.add(new Notification(collector, desired, false));
  }

  @Override
  public synchronized void deregistered(CollectorId collector) {
    notifications.add(new Notification(collector, null, true));
  }

  public synchronized List<Notification> notifications() {
    return List.copyOf(notifications);
  }

  public synchronized void clear() {
    notifications.clear();
  }
}
