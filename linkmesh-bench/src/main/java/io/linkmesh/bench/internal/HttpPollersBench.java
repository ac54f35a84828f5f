package io.linkmesh.bench.internal;

import io.linkmesh.sim.ConfigProgress;
import io.linkmesh.sim.OpampTransport;
import io.linkmesh.sim.Simulation;
import io.linkmesh.sim.SimulationStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Row 4: 10,000 OpAMP agents over plain HTTP that adopt the poll interval the server offers (5 s,
 * {@code serve --opamp-http-poll-interval}), as opamp-go does; they start at opamp-go's own 30 s.
 * Held for 60 s: no errors, the polls/s the server sustained and the CPU per 1,000 polls. Then
 * changes: the time from a PUT until every agent reported the new config, against the interval + 1
 * s.
 */
public final class HttpPollersBench implements Bench {
  @Override
  public String name() {
    return "http-pollers";
  }

  @Override
  public String summary() {
    return "10,000 OpAMP HTTP pollers at an offered 5 s: held without errors, CPU per 1,000 polls,"
        + " a change reaching all of them";
  }

  @Override
  public BenchResult run(BenchContext ctx) {
    int pollers = ctx.options().integer("pollers", 10_000);
    Duration interval = ctx.options().duration("poll-interval", Duration.ofSeconds(5));
    Duration own = ctx.options().duration("agent-poll-interval", Duration.ofSeconds(30));
    Duration duration = ctx.options().duration("poll-duration", Duration.ofSeconds(60));
    int changes = ctx.options().integer("changes", 3);
    Duration timeout = ctx.options().duration("connect-timeout", Duration.ofSeconds(600));
    BenchResult result = ctx.newResult(name());
    Console console = ctx.console();
    try (ServerProcess server =
        ctx.startServer(
            name(), false, List.of("--opamp-http-poll-interval", interval.toSeconds() + "s"))) {
      AdminClient admin = AdminClient.of(server);
      admin.putConfig("bench-pollers", "otelcol", PushBench.SELECTOR, PushBench.config(0));
      String token = admin.enrollmentToken(0, Duration.ofHours(2));
      long pid = server.pid();
      long t0 = System.nanoTime();
      try (Simulation sim =
          Simulation.start(
              Fleets.plan(server, token, pollers, OpampTransport.HTTP, "bench")
                  .opampHttpPollInterval(own)
                  .build())) {
        double connected = Fleets.awaitConnected(sim, pollers, t0, timeout, console);
        if (Double.isNaN(connected)) {
          throw new BenchException(
              "only " + sim.stats().otelcolConnected() + " of " + pollers + " pollers connected");
        }
        console.progress(
            "%,d pollers connected after %.1f s; polling for %d s",
            pollers, connected, duration.toSeconds());
        // Two offered intervals: every agent has adopted the offer and the ramp's polls spread.
        ServerProcess.pause(2 * interval.toMillis());
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
        double nominal = pollers / (interval.toMillis() / 1000.0);
        result.add(Figure.atLeast("pollers connected throughout", minConnected, "agents", pollers));
        result.add(Figure.atMost("errors", errors, "", 0));
        result.add(Figure.atLeast("polls answered", polls, "polls/s", 0.95 * nominal));
        result.add(Figure.info("server CPU", cpu / seconds, "cores"));
        result.add(Figure.info("server CPU per 1,000 polls", 1000 * cpu / (polls * seconds), "s"));
        result.add(Figure.info("server RSS at the end", ProcFs.rssKib(pid) / 1024.0, "MiB"));

        // A change made at a random point of the agents' cycles reaches the last of them one
        // interval later at worst: that is the floor; the target allows 1 s on top.
        List<Double> took = new ArrayList<>();
        List<Double> applied = new ArrayList<>();
        String previous = sim.newestConfigHash().orElse(null);
        for (int i = 1; i <= changes; i++) {
          long start = System.nanoTime();
          admin.putConfig("bench-pollers", "otelcol", PushBench.SELECTOR, PushBench.config(i));
          String hash = Fleets.awaitNewHash(sim, previous, interval.multipliedBy(4));
          Duration wait = interval.multipliedBy(4).plusSeconds(10);
          if (!awaitReported(sim, hash, pollers, wait)) {
            throw new BenchException(
                "change " + i + " reached " + sim.progress(hash) + " of " + pollers + " pollers");
          }
          ConfigProgress p = sim.progress(hash);
          took.add((p.lastReceivedNanos() - start) / 1e9);
          applied.add((p.lastReportedNanos() - start) / 1e9);
          console.progress(
              "change %d reached all %,d pollers in %.2f s, all reported APPLIED in %.2f s",
              i, pollers, took.get(i - 1), applied.get(i - 1));
          previous = hash;
          // Start the next change at another point of the cycles.
          ServerProcess.pause(interval.toMillis() / 2 + 700L * i);
        }
        double slowest = took.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        result.add(
            Figure.atMost(
                "a change reaches all HTTP agents (slowest of " + changes + ")",
                slowest,
                "s",
                interval.toSeconds() + 1));
        result.add(
            Figure.info(
                "... and all of them report APPLIED (slowest of " + changes + ")",
                applied.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN),
                "s"));
        SimulationStats s2 = sim.stats();
        result.add(Figure.atMost("errors during the changes", s2.errors() - s1.errors(), "", 0));
        result.note(
            String.format(
                Locale.ROOT,
                "%d HTTP agents starting at %d s (opamp-go's default) and adopting the offered %d s;"
                    + " held %d s after all connected; polls/s = AgentToServer messages sent / s"
                    + " (target: 95 %% of the nominal %.0f/s); changes reached all in %s s (floor:"
                    + " one interval, %d s), all reported APPLIED in %s s",
                pollers,
                own.toSeconds(),
                interval.toSeconds(),
                duration.toSeconds(),
                nominal,
                took,
                interval.toSeconds(),
                applied));
        if (errors > 0 || s2.errors() > s1.errors()) {
          result.note("errors by kind: " + Fleets.newErrors(s0, s2));
        }
      }
    }
    return result;
  }

  private static boolean awaitReported(Simulation sim, String hash, int count, Duration wait) {
    try {
      return sim.awaitReported(hash, count, wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BenchException("interrupted", e);
    }
  }
}
