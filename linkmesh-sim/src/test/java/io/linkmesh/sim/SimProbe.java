package io.linkmesh.sim;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * By-hand probe (a main, not a test): how long N WebSocket agents take to connect, and the
 * simulator's heap per connected agent.
 *
 * <ul>
 *   <li>{@code SimProbe serve}: an in-process server (SimServer); prints {@code PORT p TOKEN t},
 *       runs until stdin closes.
 *   <li>{@code SimProbe agents <port> <token> <n> [<warm-up n>]}: the simulator alone in this JVM.
 *   <li>{@code SimProbe both <n>}: server and simulator in one JVM (heap figure includes both).
 * </ul>
 */
public final class SimProbe {
  private SimProbe() {}

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "serve" -> serve();
      case "agents" -> {
        if (args.length > 4) { // a warm-up fleet first, so that JIT compilation is not measured
          agents(Integer.parseInt(args[1]), args[2], Integer.parseInt(args[4]));
        }
        agents(Integer.parseInt(args[1]), args[2], Integer.parseInt(args[3]));
      }
      case "both" -> {
        try (SimServer server = new SimServer(Duration.ofSeconds(30))) {
          agents(server.port, server.mint(0, Map.of("probe", "yes")), Integer.parseInt(args[1]));
        }
      }
      default -> throw new IllegalArgumentException("serve | agents <port> <token> <n> | both <n>");
    }
  }

  static void serve() throws Exception {
    try (SimServer server = new SimServer(Duration.ofSeconds(30))) {
      System.out.println(
          "PORT " + server.port + " TOKEN " + server.mint(0, Map.of("probe", "yes")));
      BufferedReader in =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      while (in.readLine() != null) {
        // until stdin closes
      }
    }
  }

  static void agents(int port, String token, int n) throws Exception {
    long before = usedAfterGc();
    long cpuBefore = cpuNanos();
    long start = System.nanoTime();
    try (Simulation sim =
        Simulation.start(
            SimulationPlan.builder()
                .server(URI.create("http://127.0.0.1:" + port))
                .token(token)
                .otelcol(n)
                .build())) {
      boolean all = sim.awaitConnected(n, Duration.ofSeconds(120));
      long took = System.nanoTime() - start;
      long cpu = cpuNanos() - cpuBefore;
      long after = usedAfterGc();
      System.out.printf(
          Locale.ROOT,
          "%,d WS agents: all connected=%s in %.2f s (this JVM used %.2f CPU s);"
              + " heap %+,d KiB = %.1f KiB per agent; %s%n",
          n,
          all,
          took / 1e9,
          cpu / 1e9,
          (after - before) / 1024,
          (after - before) / 1024.0 / n,
          sim.stats());
    }
  }

  static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  static long usedAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
