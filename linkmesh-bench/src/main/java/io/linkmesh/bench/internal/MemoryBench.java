package io.linkmesh.bench.internal;

import io.linkmesh.sim.OpampTransport;
import io.linkmesh.sim.Simulation;
import java.time.Duration;
import java.util.Locale;

/**
 * Row 2: the server's heap after a full GC and its RSS at 0 agents and at 10,000 idle WebSocket
 * agents; the growth divided by the agents.
 *
 * <p>The 0-agent point is taken after a warm-up: 100 agents connect, receive their config and
 * leave, so class loading, JIT, thread pools and the first store writes are in the baseline and the
 * growth is what the agents themselves cost. Those 100 stay registered (disconnected); the 10,000
 * are new collectors.
 */
public final class MemoryBench implements Bench {
  @Override
  public String name() {
    return "memory";
  }

  @Override
  public String summary() {
    return "server heap after GC and RSS per idle WebSocket agent, 0 → 10,000 (≤ 20 / ≤ 22 KiB)";
  }

  @Override
  public BenchResult run(BenchContext ctx) {
    int agents = ctx.options().integer("agents", 10_000);
    int warmupAgents = ctx.options().integer("warmup-agents", 100);
    Duration settle = ctx.options().duration("settle", Duration.ofSeconds(10));
    Duration timeout = ctx.options().duration("connect-timeout", Duration.ofSeconds(600));
    BenchResult result = ctx.newResult(name());
    Console console = ctx.console();
    Jcmd jcmd = Jcmd.ofThisJdk();
    try (ServerProcess server = ctx.startServer(name(), false)) {
      AdminClient admin = AdminClient.of(server);
      admin.putConfig("bench-memory", "otelcol", PushBench.SELECTOR, PushBench.config(0));
      String token = admin.enrollmentToken(0, Duration.ofHours(2));
      long pid = server.pid();

      console.progress("warm-up: %d agents connect, settle and leave", warmupAgents);
      try (Simulation warm =
          Simulation.start(
              Fleets.plan(server, token, warmupAgents, OpampTransport.WS, "warmup").build())) {
        if (Double.isNaN(
            Fleets.awaitConnected(warm, warmupAgents, System.nanoTime(), timeout, console))) {
          throw new BenchException(
              "the warm-up agents did not connect within " + timeout.toSeconds() + " s");
        }
        ServerProcess.pause(settle.toMillis());
      }
      ServerProcess.pause(settle.toMillis());
      long heap0 = jcmd.heapUsedAfterFullGcKib(pid);
      long rss0 = ProcFs.rssKib(pid);
      nativeMemory(ctx, jcmd, pid, "nmt-0.txt");
      console.progress("0 agents: heap after GC %,d KiB, RSS %,d KiB", heap0, rss0);

      long heap1;
      long rss1;
      int connected;
      try (Simulation sim =
          Simulation.start(
              Fleets.plan(server, token, agents, OpampTransport.WS, "bench").build())) {
        double seconds = Fleets.awaitConnected(sim, agents, System.nanoTime(), timeout, console);
        if (Double.isNaN(seconds)) {
          throw new BenchException(
              "only " + sim.stats().otelcolConnected() + " of " + agents + " agents connected");
        }
        console.progress(
            "%,d connected after %.1f s; settling %d s", agents, seconds, settle.toSeconds());
        ServerProcess.pause(settle.toMillis());
        heap1 = jcmd.heapUsedAfterFullGcKib(pid);
        rss1 = ProcFs.rssKib(pid);
        nativeMemory(ctx, jcmd, pid, "nmt-" + agents + ".txt");
        connected = sim.stats().otelcolConnected();
        console.progress("%,d agents: heap after GC %,d KiB, RSS %,d KiB", connected, heap1, rss1);
      }
      double heapPer = (heap1 - heap0) / (double) agents;
      double rssPer = (rss1 - rss0) / (double) agents;
      result.add(Figure.atMost("heap after GC per agent", heapPer, "KiB", 20));
      result.add(Figure.atMost("RSS growth per agent", rssPer, "KiB", 22));
      result.add(Figure.info("heap after GC at 0 agents", heap0 / 1024.0, "MiB"));
      result.add(Figure.info("heap after GC at " + agents, heap1 / 1024.0, "MiB"));
      result.add(Figure.info("RSS at 0 agents", rss0 / 1024.0, "MiB"));
      result.add(Figure.info("RSS at " + agents, rss1 / 1024.0, "MiB"));
      result.note(
          String.format(
              Locale.ROOT,
              "baseline after %d warm-up agents connected and left; %,d agents still connected at"
                  + " the second reading; both readings %d s after the last connect, heap from"
                  + " jcmd GC.run + GC.heap_info, RSS from /proc/<pid>/status after that GC",
              warmupAgents,
              connected,
              settle.toSeconds()));
    }
    return result;
  }

  /**
   * With {@code --server-jvm-args -XX:NativeMemoryTracking=summary}, where the RSS goes (heap,
   * thread stacks, code, GC structures...) is written beside the server log.
   */
  private void nativeMemory(BenchContext ctx, Jcmd jcmd, long pid, String file) {
    if (!String.join(" ", ctx.options().words("server-jvm-args"))
        .contains("NativeMemoryTracking")) {
      return;
    }
    java.nio.file.Path out = ctx.workDir().resolve(name()).resolve(file);
    try {
      java.nio.file.Files.writeString(out, jcmd.text(pid, "VM.native_memory summary"));
      ctx.console().progress("native memory summary in %s", out);
    } catch (java.io.IOException e) {
      ctx.console().progress("could not write %s: %s", out, e.getMessage());
    }
  }
}
