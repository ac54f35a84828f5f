package io.linkmesh.alloy.internal;

import static java.util.Objects.requireNonNull;

import io.linkmesh.domain.config.DesiredConfig;
import io.linkmesh.domain.fleet.CollectorId;
import io.linkmesh.domain.port.out.AgentNotifier;
import org.jspecify.annotations.Nullable;

/**
 * The Alloy adapter's {@link AgentNotifier}. Alloy polls, so a desired-config change needs no push
 * (the next GetConfig answers it) and a deregistered collector is refused by the domain on its next
 * call; what is left is to forget its poll history.
 */
public final class PollingAgentNotifier implements AgentNotifier {

  private final PollTracker polls;

  public PollingAgentNotifier(PollTracker polls) {
    this.polls = requireNonNull(polls, "polls");
  }

  @Override
  public void desiredConfigChanged(CollectorId collector, @Nullable DesiredConfig desired) {
    // Nothing to push: Alloy fetches the new config on its next poll.
  }

  @Override
  public void deregistered(CollectorId collector) {
    polls.forget(collector);
  }
}
