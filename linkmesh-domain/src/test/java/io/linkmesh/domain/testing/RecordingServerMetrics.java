package io.linkmesh.domain.testing;

import io.linkmesh.domain.fleet.CollectorRuntime;
import io.linkmesh.domain.port.out.ServerMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** {@link ServerMetrics} that counts each event, for tests to read back. */
public final class RecordingServerMetrics implements ServerMetrics {
  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
  private final List<Long> commitNanos = new ArrayList<>();

  @Override
  public void messageReceived(CollectorRuntime runtime) {
    count("received " + runtime.wireName());
  }

  @Override
  public void messageSent(CollectorRuntime runtime) {
    count("sent " + runtime.wireName());
  }

  @Override
  public void configPushed(CollectorRuntime runtime) {
    count("pushed " + runtime.wireName());
  }

  @Override
  public void commitTimed(CommitOutcome outcome, long nanos) {
    count("commit " + outcome);
    synchronized (commitNanos) {
      commitNanos.add(nanos);
    }
  }

  public long received(CollectorRuntime runtime) {
    return count("received " + runtime.wireName(), 0);
  }

  public long sent(CollectorRuntime runtime) {
    return count("sent " + runtime.wireName(), 0);
  }

  public long pushed(CollectorRuntime runtime) {
    return count("pushed " + runtime.wireName(), 0);
  }

  public long commits(CommitOutcome outcome) {
    return count("commit " + outcome, 0);
  }

  /** Every commit duration reported, in order. */
  public List<Long> commitNanos() {
    synchronized (commitNanos) {
      return List.copyOf(commitNanos);
    }
  }

  private void count(String event) {
    counts.computeIfAbsent(event, e -> new LongAdder()).increment();
  }

  private long count(String event, long none) {
    LongAdder adder = counts.get(event);
    return adder == null ? none : adder.sum();
  }
}
