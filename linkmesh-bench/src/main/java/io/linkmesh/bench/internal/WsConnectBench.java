package io.linkmesh.bench.internal;

import io.linkmesh.sim.OpampTransport;
import io.linkmesh.sim.Simulation;
import io.linkmesh.sim.SimulationStats;
import java.time.Duration;

/**
 * Row 1: 10,000 OpAMP WebSocket agents, time from {@code Simulation.start} until all are connected,
 * then held past the server's 30 s heartbeat.
 */
public final class WsConnectBench implements Bench {
  @Override
  public String name() {
    return "ws-connect";
  }

  @Override
  public String summary() {
    return "10,000 OpAMP WebSocket agents all connected (target ≤ 5 s) and held past a heartbeat";
  }

  @Override
  public BenchResult run(BenchContext ctx) {
    int agents = ctx.options().integer("agents", 10_000);
    Duration hold = ctx.options().duration("hold", Duration.ofSeconds(35));
    BenchResult result = ctx.newResult(name());
    try (ServerProcess server = ctx.startServer(name(), false)) {
      String token = AdminClient.of(server).enrollmentToken(0, Duration.ofHours(2));
      connectAndHold(ctx, server, token, agents, hold, result, "");
    }
    return result;
  }

  /**
   * Starts {@code agents} WebSocket agents, measures until all are connected, holds them; adds the
   * figures to {@code result} (with {@code suffix} after their names, information only when the
   * suffix is not empty), and closes them.
   */
  static void connectAndHold(
      BenchContext ctx,
      ServerProcess server,
      String token,
      int agents,
      Duration hold,
      BenchResult result,
      String suffix) {
    Console console = ctx.console();
    Duration timeout = ctx.options().duration("connect-timeout", Duration.ofSeconds(600));
    double cpu0 = ProcFs.cpuSeconds(server.pid());
    long t0 = System.nanoTime();
    try (Simulation sim =
        Simulation.start(
            Fleets.plan(server, token, agents, OpampTransport.WS, "bench")
                .maxConnectsInFlight(ctx.options().integer("connects-in-flight", 500))
                .build())) {
      double seconds = Fleets.awaitConnected(sim, agents, t0, timeout, console);
      double cpu = ProcFs.cpuSeconds(server.pid()) - cpu0;
      SimulationStats afterConnect = sim.stats();
      console.progress(
          "%,d connected after %.2f s; server used %.2f CPU s, RSS %,d KiB",
          afterConnect.otelcolConnected(), seconds, cpu, ProcFs.rssKib(server.pid()));
      String label =
          "all " + String.format(java.util.Locale.ROOT, "%,d", agents) + " connected after";
      if (suffix.isEmpty()) {
        result.add(Figure.atMost(label, seconds, "s", 5));
      } else {
        result.add(Figure.info(label + suffix, seconds, "s"));
      }
      result.add(Figure.info("server CPU while connecting" + suffix, cpu, "s"));
      if (Double.isNaN(seconds)) {
        result.note(
            "only "
                + afterConnect.otelcolConnected()
                + " connected within "
                + timeout.toSeconds()
                + " s; errors "
                + afterConnect.errorsByKind());
        return;
      }
      if (hold.isZero()) {
        return;
      }
      console.progress("holding them for %d s (the server heartbeats at 30 s)", hold.toSeconds());
      ServerProcess.pause(hold.toMillis());
      SimulationStats held = sim.stats();
      long reconnects = held.reconnects() - afterConnect.reconnects();
      long errors = held.errors() - afterConnect.errors();
      if (suffix.isEmpty()) {
        result.add(
            Figure.atLeast(
                "still connected after " + hold.toSeconds() + " s",
                held.otelcolConnected(),
                "agents",
                agents));
        result.add(Figure.atMost("reconnects while held", reconnects, "", 0));
        result.add(Figure.atMost("errors while held", errors, "", 0));
      } else {
        result.add(
            Figure.info(
                "still connected after " + hold.toSeconds() + " s" + suffix,
                held.otelcolConnected(),
                "agents"));
      }
      if (errors > 0) {
        result.note("errors while held: " + Fleets.newErrors(afterConnect, held));
      }
      result.note(
          "ramp: the simulator opens at most "
              + sim.plan().maxConnectsInFlight()
              + " connections at once; messages sent "
              + held.opampMessagesSent()
              + ", received "
              + held.opampMessagesReceived());
    }
  }
}
