package io.linkmesh.sim.internal;

import io.linkmesh.sim.ConfigProgress;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/** Per config hash: how many agents received it and how many reported APPLIED or FAILED. */
public final class ProgressBoard {
  private final ConcurrentHashMap<String, Entry> byHash = new ConcurrentHashMap<>();
  private final Counters counters;
  private volatile @Nullable String newest;

  ProgressBoard(Counters counters) {
    this.counters = counters;
  }

  private static final class Entry {
    final AtomicInteger received = new AtomicInteger();
    final AtomicInteger applied = new AtomicInteger();
    final AtomicInteger failed = new AtomicInteger();
    final AtomicLong firstReceived = new AtomicLong();
    final AtomicLong lastReceived = new AtomicLong();
    final AtomicLong lastReported = new AtomicLong();
  }

  /** An agent received a config with this hash (hex). */
  void received(String hash, boolean opamp) {
    Entry e = byHash.computeIfAbsent(hash, h -> new Entry());
    e.lastReceived.set(System.nanoTime());
    if (e.received.getAndIncrement() == 0) {
      e.firstReceived.compareAndSet(0, System.nanoTime());
      if (opamp) {
        newest = hash;
      }
    }
  }

  /** An agent wrote APPLIED (or FAILED) for this hash to the wire. */
  void reported(String hash, boolean applied) {
    Entry e = byHash.computeIfAbsent(hash, h -> new Entry());
    e.lastReported.set(System.nanoTime());
    if (applied) {
      e.applied.incrementAndGet();
      counters.applied.increment();
    } else {
      e.failed.incrementAndGet();
      counters.failed.increment();
    }
    counters.changed();
  }

  public ConfigProgress progress(String hash) {
    Entry e = byHash.get(hash.toLowerCase(java.util.Locale.ROOT));
    if (e == null) {
      return ConfigProgress.NONE;
    }
    return new ConfigProgress(
        e.received.get(),
        e.applied.get(),
        e.failed.get(),
        e.firstReceived.get(),
        e.lastReceived.get(),
        e.lastReported.get());
  }

  public Optional<String> newest() {
    return Optional.ofNullable(newest);
  }
}
