package io.linkmesh.alloy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.linkmesh.domain.fleet.CollectorId;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PollTrackerTest {

  private final PollTracker tracker = new PollTracker();
  private final CollectorId id = CollectorId.of("a");
  private final Instant t0 = Instant.parse("2026-11-26T10:00:00Z");

  @Test
  void alloysDefaultUntilAGapIsSeen() {
    assertThat(tracker.interval(id, t0)).isEqualTo(Duration.ofMinutes(1));
    tracker.record(id, t0);
    assertThat(tracker.interval(id, t0.plusSeconds(5))).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void longestRecentGapIgnoringImmediateExtraCalls() {
    tracker.record(id, t0);
    tracker.record(id, t0.plusSeconds(30));
    tracker.record(id, t0.plusSeconds(30).plusMillis(100));
    tracker.record(id, t0.plusSeconds(45));
    assertThat(tracker.interval(id, t0.plusSeconds(46))).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void aLongerCurrentGapRaisesTheEstimateAndTheHourCapsIt() {
    tracker.record(id, t0);
    tracker.record(id, t0.plusSeconds(20));
    assertThat(tracker.interval(id, t0.plusSeconds(140))).isEqualTo(Duration.ofMinutes(2));
    assertThat(tracker.interval(id, t0.plus(Duration.ofHours(5)))).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void onlyTheLastFewGapsCount() {
    Instant t = t0;
    tracker.record(id, t);
    t = t.plusSeconds(300);
    tracker.record(id, t);
    for (int i = 0; i < PollTracker.WINDOW; i++) {
      t = t.plusSeconds(15);
      tracker.record(id, t);
    }
    assertThat(tracker.interval(id, t)).isEqualTo(Duration.ofSeconds(15));
    tracker.forget(id);
    assertThat(tracker.interval(id, t)).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void theNotifierForgetsDeregisteredCollectors() {
    tracker.record(id, t0);
    tracker.record(id, t0.plusSeconds(20));
    PollingAgentNotifier notifier = new PollingAgentNotifier(tracker);

    notifier.desiredConfigChanged(id, null);
    assertThat(tracker.interval(id, t0.plusSeconds(21))).isEqualTo(Duration.ofSeconds(20));
    notifier.deregistered(id);
    assertThat(tracker.interval(id, t0.plusSeconds(21))).isEqualTo(Duration.ofMinutes(1));
  }
}
