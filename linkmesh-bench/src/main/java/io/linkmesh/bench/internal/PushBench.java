package io.linkmesh.bench.internal;

import io.linkmesh.sim.ConfigProgress;
import io.linkmesh.sim.OpampTransport;
import io.linkmesh.sim.Simulation;
import io.linkmesh.sim.SimulationStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Row 3: with 10,000 WebSocket agents connected, a new revision of the config they all match (REST
 * PUT), timed from just before the PUT until the last agent has written APPLIED; the server's CPU
 * seconds (utime + stime) over the same window. Five pushes, median, after five warm-up pushes
 * whose figures are reported apart: a server that just started spends most of its first pushes' CPU
 * compiling the push path (C2 was 58 % of the samples of those pushes in an async-profiler run), a
 * cost it pays once, not per push.
 */
public final class PushBench implements Bench {
  /** Every simulated otelcol agent reports {@code service.name=otelcol-contrib}. */
  static final Map<String, String> SELECTOR = Map.of("service.name", "otelcol-contrib");

  @Override
  public String name() {
    return "push";
  }

  @Override
  public String summary() {
    return "new revision → all 10,000 WebSocket agents APPLIED (median of 5 ≤ 1.5 s, CPU ≤ 1 s)";
  }

  /**
   * A realistic gateway config of about 1.5 KiB; {@code n} changes the batch size so every revision
   * is a new desired config.
   */
  static String config(int n) {
    return "receivers:\n"
        + "  otlp:\n"
        + "    protocols:\n"
        + "      grpc:\n"
        + "        endpoint: 0.0.0.0:4317\n"
        + "      http:\n"
        + "        endpoint: 0.0.0.0:4318\n"
        + "  hostmetrics:\n"
        + "    collection_interval: 30s\n"
        + "    scrapers:\n"
        + "      cpu: {}\n"
        + "      memory: {}\n"
        + "      filesystem: {}\n"
        + "      network: {}\n"
        + "processors:\n"
        + "  memory_limiter:\n"
        + "    check_interval: 1s\n"
        + "    limit_percentage: 80\n"
        + "    spike_limit_percentage: 20\n"
        + "  batch:\n"
        + "    send_batch_size: "
        + (8192 + n)
        + "\n"
        + "    timeout: 5s\n"
        + "  resource:\n"
        + "    attributes:\n"
        + "      - key: deployment.environment\n"
        + "        value: bench\n"
        + "        action: upsert\n"
        + "exporters:\n"
        + "  otlphttp/backend:\n"
        + "    endpoint: https://otlp.example.com:4318\n"
        + "    compression: gzip\n"
        + "    retry_on_failure:\n"
        + "      enabled: true\n"
        + "    sending_queue:\n"
        + "      enabled: true\n"
        + "      queue_size: 5000\n"
        + "  debug:\n"
        + "    verbosity: basic\n"
        + "service:\n"
        + "  pipelines:\n"
        + "    traces:\n"
        + "      receivers: [otlp]\n"
        + "      processors: [memory_limiter, resource, batch]\n"
        + "      exporters: [otlphttp/backend]\n"
        + "    metrics:\n"
        + "      receivers: [otlp, hostmetrics]\n"
        + "      processors: [memory_limiter, resource, batch]\n"
        + "      exporters: [otlphttp/backend]\n"
        + "    logs:\n"
        + "      receivers: [otlp]\n"
        + "      processors: [memory_limiter, resource, batch]\n"
        + "      exporters: [otlphttp/backend, debug]\n";
  }

  @Override
  public BenchResult run(BenchContext ctx) {
    int agents = ctx.options().integer("agents", 10_000);
    BenchResult result = ctx.newResult(name());
    try (ServerProcess server = ctx.startServer(name(), false)) {
      connectAndPush(ctx, server, agents, result, "");
    }
    return result;
  }

  /** Connects the agents, then pushes; figures get {@code suffix} (info only when not empty). */
  static void connectAndPush(
      BenchContext ctx, ServerProcess server, int agents, BenchResult result, String suffix) {
    int pushes = ctx.options().integer("pushes", 5);
    int warmup = ctx.options().integer("warmup-pushes", 5);
    Duration quiet = ctx.options().duration("quiet", Duration.ofSeconds(3));
    Duration timeout = ctx.options().duration("push-timeout", Duration.ofSeconds(60));
    Console console = ctx.console();
    AdminClient admin = AdminClient.of(server);
    admin.putConfig("bench-push", "otelcol", SELECTOR, config(0));
    String token = admin.enrollmentToken(0, Duration.ofHours(2));
    long pid = server.pid();
    try (Simulation sim =
        Simulation.start(
            Fleets.plan(server, token, agents, OpampTransport.WS, "bench")
                .maxConnectsInFlight(ctx.options().integer("connects-in-flight", 500))
                .build())) {
      long t0 = System.nanoTime();
      double connectSeconds =
          Fleets.awaitConnected(
              sim,
              agents,
              t0,
              ctx.options().duration("connect-timeout", Duration.ofSeconds(600)),
              console);
      if (Double.isNaN(connectSeconds)) {
        throw new BenchException(
            "only " + sim.stats().otelcolConnected() + " of " + agents + " agents connected");
      }
      String first = Fleets.awaitNewHash(sim, null, timeout);
      if (!sim.awaitReported(first, agents, timeout)) {
        throw new BenchException(
            "the first config reached " + sim.progress(first) + " of " + agents + " agents");
      }
      console.progress(
          "%,d agents connected in %.1f s and applied the first config %s…; pushing %d warm-up"
              + " and %d measured revisions",
          agents, connectSeconds, first.substring(0, 8), warmup, pushes);

      List<Double> latencies = new ArrayList<>();
      List<Double> cpus = new ArrayList<>();
      List<Double> idle = new ArrayList<>();
      String previous = first;
      SimulationStats before = sim.stats();
      for (int i = 1; i <= warmup + pushes; i++) {
        double q0 = ProcFs.cpuSeconds(pid);
        long qt = System.nanoTime();
        ServerProcess.pause(quiet.toMillis());
        double cpu0 = ProcFs.cpuSeconds(pid);
        idle.add((cpu0 - q0) / ((System.nanoTime() - qt) / 1e9));
        long start = System.nanoTime();
        admin.putConfig("bench-push", "otelcol", SELECTOR, config(i));
        long putDone = System.nanoTime();
        String hash = Fleets.awaitNewHash(sim, previous, timeout);
        if (!sim.awaitReported(hash, agents, timeout)) {
          throw new BenchException(
              "push "
                  + i
                  + " reached "
                  + sim.progress(hash)
                  + " of "
                  + agents
                  + " agents within "
                  + timeout.toSeconds()
                  + " s");
        }
        ConfigProgress p = sim.progress(hash);
        double cpu = ProcFs.cpuSeconds(pid) - cpu0;
        double seconds = (p.lastReportedNanos() - start) / 1e9;
        latencies.add(seconds);
        cpus.add(cpu);
        console.progress(
            "%s push %d: all %,d APPLIED %.3f s after the PUT (PUT answered in %.0f ms, first"
                + " received after %.0f ms); server CPU %.2f s; failed %d",
            i <= warmup ? "warm-up" : "measured",
            i,
            p.reported(),
            seconds,
            (putDone - start) / 1e6,
            (p.firstReceivedNanos() - start) / 1e6,
            cpu,
            p.failed());
        previous = hash;
      }
      SimulationStats after = sim.stats();
      List<Double> coldLatencies = List.copyOf(latencies.subList(0, warmup));
      List<Double> coldCpus = List.copyOf(cpus.subList(0, warmup));
      latencies = List.copyOf(latencies.subList(warmup, latencies.size()));
      cpus = List.copyOf(cpus.subList(warmup, cpus.size()));
      idle = List.copyOf(idle.subList(warmup, idle.size()));
      double median = Stats.median(latencies);
      double medianCpu = Stats.median(cpus);
      if (suffix.isEmpty()) {
        result.add(Figure.atMost("push → all APPLIED, median of " + pushes, median, "s", 1.5));
        result.add(Figure.atMost("server CPU per push, median", medianCpu, "s", 1.0));
      } else {
        result.add(Figure.info("push → all APPLIED, median of " + pushes + suffix, median, "s"));
        result.add(Figure.info("server CPU per push, median" + suffix, medianCpu, "s"));
      }
      result.add(Figure.info("slowest push" + suffix, Stats.max(latencies), "s"));
      if (warmup > 0) {
        result.add(
            Figure.info("first push after start (cold JIT)" + suffix, coldLatencies.get(0), "s"));
        result.add(
            Figure.info("server CPU of the first push (cold JIT)" + suffix, coldCpus.get(0), "s"));
      }
      result.add(Figure.info("idle server CPU (heartbeats)" + suffix, Stats.median(idle), "cores"));
      result.add(
          Figure.info(
              "agent errors during the pushes" + suffix, after.errors() - before.errors(), ""));
      result.note(
          String.format(
              Locale.ROOT,
              "%s pushes (s): %s; CPU per push (s): %s; after %d warm-up pushes (s): %s, CPU"
                  + " (s): %s; window = PUT start to the last agent's APPLIED (CPU read right"
                  + " after), %s quiet between pushes; config ~%d bytes; agents apply after %d ms",
              suffix.isEmpty() ? "plaintext" : suffix.trim(),
              format(latencies),
              format(cpus),
              warmup,
              format(coldLatencies),
              format(coldCpus),
              quiet.toSeconds() + " s",
              config(0).length(),
              sim.plan().applyDelay().toMillis()));
      if (after.errors() > before.errors()) {
        result.note("agent errors during the pushes: " + Fleets.newErrors(before, after));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BenchException("interrupted", e);
    }
  }

  private static String format(List<Double> values) {
    StringBuilder b = new StringBuilder();
    for (double v : values) {
      if (b.length() > 0) {
        b.append(", ");
      }
      b.append(String.format(Locale.ROOT, "%.3f", v));
    }
    return b.toString();
  }
}
