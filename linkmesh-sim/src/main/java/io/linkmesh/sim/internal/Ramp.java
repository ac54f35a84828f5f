package io.linkmesh.sim.internal;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds the connection attempts outstanding at once. An attempt receives a {@code done} callback
 * to run when its outcome is known (idempotent); the next queued attempt starts then. Attempts run
 * on the given executor, never on the thread that completes another one.
 */
final class Ramp {
  private static final Logger LOG = LoggerFactory.getLogger(Ramp.class);

  private final int max;
  private final Executor executor;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final ConcurrentLinkedQueue<Consumer<Runnable>> queue = new ConcurrentLinkedQueue<>();

  Ramp(int max, Executor executor) {
    this.max = max;
    this.executor = executor;
  }

  void submit(Consumer<Runnable> attempt) {
    queue.add(attempt);
    drain();
  }

  int inFlight() {
    return inFlight.get();
  }

  int queued() {
    return queue.size();
  }

  private void drain() {
    while (!queue.isEmpty()) {
      int n = inFlight.get();
      if (n >= max) {
        return;
      }
      if (!inFlight.compareAndSet(n, n + 1)) {
        continue;
      }
      Consumer<Runnable> attempt = queue.poll();
      if (attempt == null) {
        inFlight.decrementAndGet();
        continue;
      }
      AtomicBoolean finished = new AtomicBoolean();
      Runnable done =
          () -> {
            if (finished.compareAndSet(false, true)) {
              inFlight.decrementAndGet();
              run(this::drain);
            }
          };
      try {
        attempt.accept(done);
      } catch (RuntimeException e) {
        LOG.debug("A connection attempt failed to start", e);
        done.run();
      }
    }
  }

  private void run(Runnable task) {
    try {
      executor.execute(task);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // Shutting down: nothing more to start.
    }
  }
}
