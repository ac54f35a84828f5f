package io.linkmesh.alloy.internal;

import io.linkmesh.domain.fleet.CollectorId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Estimates each Alloy collector's poll interval from the gaps between its GetConfig calls; Alloy
 * does not send its {@code poll_frequency}. Gaps under Alloy's 10 s minimum are its immediate extra
 * calls after a status change and are ignored; the estimate is the longest of the last few real
 * gaps (so one early poll does not shorten it), Alloy's default of one minute until a gap has been
 * seen, and never more than an hour.
 */
public final class PollTracker {

  public static final Duration DEFAULT = Duration.ofMinutes(1);
  static final Duration MIN = Duration.ofSeconds(10);
  static final Duration MAX = Duration.ofHours(1);
  static final int WINDOW = 5;

  private final Map<CollectorId, Polls> polls = new ConcurrentHashMap<>();

  /** The interval to expect from {@code id} if it polls now; does not record anything. */
  public Duration interval(CollectorId id, Instant now) {
    Polls p = polls.get(id);
    if (p == null) {
      return DEFAULT;
    }
    synchronized (p) {
      Duration estimate = p.estimate();
      if (p.last != null) {
        Duration gap = Duration.between(p.last, now);
        if (gap.compareTo(MIN) >= 0 && gap.compareTo(estimate) > 0) {
          estimate = gap;
        }
      }
      return clamp(estimate);
    }
  }

  /** Records a poll by {@code id} at {@code now}. */
  public void record(CollectorId id, Instant now) {
    Polls p = polls.computeIfAbsent(id, k -> new Polls());
    synchronized (p) {
      if (p.last != null) {
        Duration gap = Duration.between(p.last, now);
        if (gap.compareTo(MIN) >= 0) {
          p.gaps.addLast(gap);
          if (p.gaps.size() > WINDOW) {
            p.gaps.removeFirst();
          }
        }
      }
      p.last = now;
    }
  }

  /** Forgets {@code id} (it unregistered). */
  public void forget(CollectorId id) {
    polls.remove(id);
  }

  private static Duration clamp(Duration d) {
    return d.compareTo(MIN) < 0 ? MIN : d.compareTo(MAX) > 0 ? MAX : d;
  }

  private static final class Polls {
    private @Nullable Instant last;
    private final Deque<Duration> gaps = new ArrayDeque<>();

    Duration estimate() {
      @Nullable Duration max = null;
      for (Duration gap : gaps) {
        if (max == null || gap.compareTo(max) > 0) {
          max = gap;
        }
      }
      return max == null ? DEFAULT : max;
    }
  }
}
