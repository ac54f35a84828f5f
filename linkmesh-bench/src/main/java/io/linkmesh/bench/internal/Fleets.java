package io.linkmesh.bench.internal;

import io.linkmesh.sim.OpampTransport;
import io.linkmesh.sim.Simulation;
import io.linkmesh.sim.SimulationPlan;
import io.linkmesh.sim.SimulationStats;
import io.linkmesh.sim.Trust;
import java.time.Duration;
import java.util.Optional;

/** Simulated fleets (linkmesh-sim, in the bench's own JVM) against a server under test. */
final class Fleets {
  private Fleets() {}

  /** A plan of {@code otelcol} OpAMP agents on {@code transport}, no Alloy, no own metrics. */
  static SimulationPlan.Builder plan(
      ServerProcess server, String token, int otelcol, OpampTransport transport, String prefix) {
    return SimulationPlan.builder()
        .server(server.baseUri())
        .token(token)
        .otelcol(otelcol)
        .alloy(0)
        .transport(transport)
        .otlp(false)
        .failShare(0)
        .trust(server.tls() ? Trust.caCert(server.certificate()) : Trust.system())
        .namePrefix(prefix);
  }

  /**
   * Waits until {@code count} agents are connected, printing progress every 5 s; answers the
   * seconds from {@code t0} (a {@link System#nanoTime()}) until then, or NaN after {@code timeout}.
   */
  static double awaitConnected(
      Simulation sim, int count, long t0, Duration timeout, Console console) {
    long deadline = t0 + timeout.toNanos();
    long nextReport = System.nanoTime() + 5_000_000_000L;
    try {
      while (true) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return Double.NaN;
        }
        if (sim.awaitConnected(count, Duration.ofNanos(Math.min(left, 1_000_000_000L)))) {
          return (System.nanoTime() - t0) / 1e9;
        }
        if (System.nanoTime() < nextReport) {
          continue;
        }
        nextReport += 5_000_000_000L;
        SimulationStats s = sim.stats();
        console.progress(
            "%,d of %,d connected (%,d started, %,d reconnects, %,d errors %s)",
            s.otelcolConnected(),
            count,
            s.otelcolStarted(),
            s.reconnects(),
            s.errors(),
            s.errorsByKind());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BenchException("interrupted", e);
    }
  }

  /** Errors by kind that grew between two snapshots. */
  static java.util.Map<String, Long> newErrors(SimulationStats before, SimulationStats after) {
    java.util.Map<String, Long> grown = new java.util.TreeMap<>();
    after
        .errorsByKind()
        .forEach(
            (kind, n) -> {
              long d = n - before.errorsByKind().getOrDefault(kind, 0L);
              if (d != 0) {
                grown.put(kind, d);
              }
            });
    return grown;
  }

  /** Waits until the fleet has seen a config hash other than {@code previous}. */
  static String awaitNewHash(
      Simulation sim, @org.jspecify.annotations.Nullable String previous, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<String> newest = sim.newestConfigHash();
      if (newest.isPresent() && !newest.get().equals(previous)) {
        return newest.get();
      }
      ServerProcess.pause(2);
    }
    throw new BenchException("no agent received a new config within " + timeout.toSeconds() + " s");
  }
}
