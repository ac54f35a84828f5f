package io.linkmesh.bench.internal;

import io.linkmesh.sim.OpampTransport;
import io.linkmesh.sim.Simulation;
import io.linkmesh.sim.SimulationStats;
import java.time.Duration;
import java.util.Map;

/**
 * Row 7: 10,000 WebSocket agents connected; SIGTERM the server, start it again on the same port and
 * data directory, and time from the new process's start until all are connected again.
 */
public final class RestartBench implements Bench {
  @Override
  public String name() {
    return "restart";
  }

  @Override
  public String summary() {
    return "server restart with 10,000 WebSocket agents → all connected again (target ≤ 30 s)";
  }

  @Override
  public BenchResult run(BenchContext ctx) {
    int agents = ctx.options().integer("agents", 10_000);
    Duration timeout = ctx.options().duration("connect-timeout", Duration.ofSeconds(600));
    Duration reconnectTimeout =
        ctx.options().duration("reconnect-timeout", Duration.ofSeconds(600));
    BenchResult result = ctx.newResult(name());
    Console console = ctx.console();
    try (ServerProcess server = ctx.startServer(name(), false)) {
      AdminClient admin = AdminClient.of(server);
      admin.putConfig("bench-restart", "otelcol", PushBench.SELECTOR, PushBench.config(0));
      String token = admin.enrollmentToken(0, Duration.ofHours(2));
      try (Simulation sim =
          Simulation.start(
              Fleets.plan(server, token, agents, OpampTransport.WS, "bench")
                  .maxConnectsInFlight(ctx.options().integer("connects-in-flight", 500))
                  .build())) {
        if (Double.isNaN(Fleets.awaitConnected(sim, agents, System.nanoTime(), timeout, console))) {
          throw new BenchException(
              "only " + sim.stats().otelcolConnected() + " of " + agents + " agents connected");
        }
        // Let the registrations and first reports reach the store before the stop.
        ServerProcess.pause(ctx.options().duration("settle", Duration.ofSeconds(5)).toMillis());
        SimulationStats beforeStop = sim.stats();
        console.progress("%,d connected; SIGTERM to the server", beforeStop.otelcolConnected());
        long stop0 = System.nanoTime();
        int exit = server.stop(Duration.ofSeconds(60));
        double stopSeconds = (System.nanoTime() - stop0) / 1e9;
        console.progress("server exited %d after %.1f s", exit, stopSeconds);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (sim.stats().otelcolConnected() > 0 && System.nanoTime() < deadline) {
          ServerProcess.pause(20);
        }
        SimulationStats down = sim.stats();
        console.progress(
            "%,d still think they are connected; starting the server again",
            down.otelcolConnected());
        server.restart();
        long t0 = server.startedNanos();
        double ready = (System.nanoTime() - t0) / 1e9;
        SimulationStats atReady = sim.stats();
        console.progress("server pid %d ready after %.1f s", server.pid(), ready);
        double seconds = Fleets.awaitConnected(sim, agents, t0, reconnectTimeout, console);
        SimulationStats back = sim.stats();
        Map<String, Long> whileDown = Fleets.newErrors(beforeStop, atReady);
        Map<String, Long> afterReady = Fleets.newErrors(atReady, back);
        long errorsAfterReady = back.errors() - atReady.errors();
        result.add(
            Figure.atMost(
                "all "
                    + String.format(java.util.Locale.ROOT, "%,d", agents)
                    + " connected again after",
                seconds,
                "s",
                30));
        result.add(Figure.atMost("errors after the new server was ready", errorsAfterReady, "", 0));
        result.add(Figure.info("new server ready after", ready, "s"));
        result.add(Figure.info("SIGTERM → exit", stopSeconds, "s"));
        result.add(Figure.atMost("exit code on SIGTERM", exit, "", 0));
        result.add(Figure.info("reconnects", back.reconnects() - beforeStop.reconnects(), ""));
        result.note(
            "time from the new process's start; agent errors while the server was down (expected:"
                + " the reconnect attempts it refused) "
                + whileDown
                + "; after it was ready "
                + afterReady);
        if (Double.isNaN(seconds)) {
          result.note(
              "only "
                  + back.otelcolConnected()
                  + " reconnected within "
                  + reconnectTimeout.toSeconds()
                  + " s");
        }
      }
    }
    return result;
  }
}
