package io.linkmesh.sim.internal;

import io.linkmesh.sim.SimulationStats;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** The simulation's counters, shared by every agent; cheap to bump from any thread. */
public final class Counters {
  final AtomicInteger otelcolStarted = new AtomicInteger();
  final AtomicInteger otelcolConnected = new AtomicInteger();
  final AtomicInteger alloyRegistered = new AtomicInteger();
  final LongAdder reconnects = new LongAdder();
  final LongAdder errors = new LongAdder();
  final ConcurrentHashMap<String, LongAdder> errorsByKind = new ConcurrentHashMap<>();
  final LongAdder opampSent = new LongAdder();
  final LongAdder opampReceived = new LongAdder();
  final LongAdder applied = new LongAdder();
  final LongAdder failed = new LongAdder();
  final LongAdder alloyPolls = new LongAdder();
  final LongAdder alloyNotModified = new LongAdder();
  final LongAdder otlpRequests = new LongAdder();
  final LongAdder otlpPoints = new LongAdder();
  final LongAdder otlpRefused = new LongAdder();
  final LongAdder credentialSwitches = new LongAdder();
  private final Object signal = new Object();

  /** Counts one error of {@code kind}. */
  void error(String kind) {
    errors.increment();
    errorsByKind.computeIfAbsent(kind, k -> new LongAdder()).increment();
  }

  /** Wakes whoever waits in {@link #await}; called when a waited-for count changes. */
  void changed() {
    synchronized (signal) {
      signal.notifyAll();
    }
  }

  /** Waits until {@code condition} holds or the timeout passes; true if it holds. */
  public boolean await(java.util.function.BooleanSupplier condition, long timeoutNanos)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeoutNanos;
    while (!condition.getAsBoolean()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      synchronized (signal) {
        // Bounded, so that a change between the check and the wait costs at most 20 ms.
        TimeUnit.NANOSECONDS.timedWait(signal, Math.min(left, TimeUnit.MILLISECONDS.toNanos(20)));
      }
    }
    return true;
  }

  public int connected() {
    return otelcolConnected.get() + alloyRegistered.get();
  }

  public SimulationStats snapshot(int connectsInFlight, int connectsQueued) {
    Map<String, Long> kinds = new TreeMap<>();
    errorsByKind.forEach((k, v) -> kinds.put(k, v.sum()));
    return new SimulationStats(
        otelcolStarted.get(),
        otelcolConnected.get(),
        alloyRegistered.get(),
        reconnects.sum(),
        errors.sum(),
        kinds,
        opampSent.sum(),
        opampReceived.sum(),
        applied.sum(),
        failed.sum(),
        alloyPolls.sum(),
        alloyNotModified.sum(),
        otlpRequests.sum(),
        otlpPoints.sum(),
        otlpRefused.sum(),
        credentialSwitches.sum(),
        connectsInFlight,
        connectsQueued);
  }
}
