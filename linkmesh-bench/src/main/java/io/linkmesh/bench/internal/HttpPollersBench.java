package io.linkmesh.bench.internal;

import io.linkmesh.sim.OpampTransport;
import io.linkmesh.sim.Simulation;
import io.linkmesh.sim.SimulationStats;
import java.time.Duration;

/**
 * Row 4: 2,000 OpAMP agents polling over plain HTTP every second for 60 s: no errors, the polls/s
 * the server sustained and the CPU it took.
 */
public final class HttpPollersBench implements Bench {
  @Override
  public String name() {
    return "http-pollers";
  }

  @Override
  public String summary() {
    return "2,000 OpAMP HTTP pollers at 1 s for 60 s without errors (polls/s, server CPU)";
  }

  @Override
  public BenchResult run(BenchContext ctx) {
    int pollers = ctx.options().integer("pollers", 2_000);
    Duration interval = ctx.options().duration("poll-interval", Duration.ofSeconds(1));
    Duration duration = ctx.options().duration("poll-duration", Duration.ofSeconds(60));
    Duration timeout = ctx.options().duration("connect-timeout", Duration.ofSeconds(600));
    BenchResult result = ctx.newResult(name());
    Console console = ctx.console();
    try (ServerProcess server = ctx.startServer(name(), false)) {
      AdminClient admin = AdminClient.of(server);
      admin.putConfig("bench-pollers", "otelcol", PushBench.SELECTOR, PushBench.config(0));
      String token = admin.enrollmentToken(0, Duration.ofHours(2));
      long pid = server.pid();
      long t0 = System.nanoTime();
      try (Simulation sim =
          Simulation.start(
              Fleets.plan(server, token, pollers, OpampTransport.HTTP, "bench")
                  .opampHttpPollInterval(interval)
                  .build())) {
        double connected = Fleets.awaitConnected(sim, pollers, t0, timeout, console);
        if (Double.isNaN(connected)) {
          throw new BenchException(
              "only " + sim.stats().otelcolConnected() + " of " + pollers + " pollers connected");
        }
        console.progress(
            "%,d pollers connected after %.1f s; polling for %d s",
            pollers, connected, duration.toSeconds());
        // One interval for the ramp's last polls to spread out before measuring.
        ServerProcess.pause(interval.toMillis());
        SimulationStats s0 = sim.stats();
        double cpu0 = ProcFs.cpuSeconds(pid);
        long m0 = System.nanoTime();
        long minConnected = Long.MAX_VALUE;
        long end = m0 + duration.toNanos();
        while (System.nanoTime() < end) {
          ServerProcess.pause(Math.min(5_000, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
          SimulationStats s = sim.stats();
          minConnected = Math.min(minConnected, s.otelcolConnected());
          console.progress(
              "%,d connected, %,d polls so far, %,d errors",
              s.otelcolConnected(),
              s.opampMessagesSent() - s0.opampMessagesSent(),
              s.errors() - s0.errors());
        }
        SimulationStats s1 = sim.stats();
        double seconds = (System.nanoTime() - m0) / 1e9;
        double cpu = ProcFs.cpuSeconds(pid) - cpu0;
        double polls = (s1.opampMessagesSent() - s0.opampMessagesSent()) / seconds;
        long errors = s1.errors() - s0.errors();
        result.add(Figure.atLeast("pollers connected throughout", minConnected, "agents", pollers));
        result.add(Figure.atMost("errors", errors, "", 0));
        result.add(
            Figure.atLeast(
                "polls answered",
                polls,
                "polls/s",
                0.95 * pollers / (interval.toMillis() / 1000.0)));
        result.add(Figure.info("server CPU", cpu / seconds, "cores"));
        result.add(Figure.info("server CPU per 1,000 polls", 1000 * cpu / (polls * seconds), "s"));
        result.add(Figure.info("server RSS at the end", ProcFs.rssKib(pid) / 1024.0, "MiB"));
        result.note(
            pollers
                + " HTTP agents, poll interval "
                + interval.toMillis()
                + " ms, measured "
                + duration.toSeconds()
                + " s after all connected; polls/s = AgentToServer messages sent / s (target: 95 %"
                + " of the nominal rate)");
        if (errors > 0) {
          result.note("errors by kind: " + Fleets.newErrors(s0, s1));
        }
      }
    }
    return result;
  }
}
