package io.linkmesh.app.cli;

import io.linkmesh.app.StartupException;
import io.linkmesh.sim.OpampTransport;
import io.linkmesh.sim.Simulation;
import io.linkmesh.sim.SimulationPlan;
import io.linkmesh.sim.SimulationStats;
import io.linkmesh.sim.Trust;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code linkmesh simulate}: a fleet of simulated collectors against a running server, to see a
 * fleet without installing one, or to load-test an install.
 */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    description = {
      "Run simulated collectors against a LinkMesh server: OpAMP agents (otelcol-contrib behind"
          + " the supervisor) and Alloy remotecfg pollers, each with its own identity, until"
          + " --duration ends or Ctrl-C.",
      "The token must allow as many enrollments as collectors (linkmesh token create --max-uses"
          + " 0)."
    })
final class SimulateCommand implements Callable<Integer> {
  /** The stop signals of the simulations running in this JVM (one, outside of tests). */
  private static final java.util.Set<CountDownLatch> RUNNING =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  /** Ends every running simulation as Ctrl-C does: the summary is printed, the command returns. */
  static void stopAll() {
    RUNNING.forEach(CountDownLatch::countDown);
  }

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin ServerConnection connection = new ServerConnection();

  @Option(
      names = "--token",
      paramLabel = "TOKEN",
      description = "An enrollment token (default: $LINKMESH_ENROLLMENT_TOKEN).")
  @Nullable String token;

  @Option(names = "--otelcol", paramLabel = "N", description = "OpAMP agents to run (default 0).")
  int otelcol;

  @Option(names = "--alloy", paramLabel = "N", description = "Alloy pollers to run (default 0).")
  int alloy;

  @Option(
      names = "--transport",
      paramLabel = "ws|http",
      description = "OpAMP over WebSocket (default) or plain-HTTP polling.")
  String transport = "ws";

  @Option(names = "--otlp", description = "Push own metrics over OTLP, as offered by the server.")
  boolean otlp;

  @Option(
      names = "--duration",
      paramLabel = "DURATION",
      description = "Stop after this long, e.g. 10m (default: until Ctrl-C).")
  @Nullable String duration;

  @Option(
      names = "--fail-share",
      paramLabel = "SHARE",
      description = "Share of collectors (0..1) that report FAILED for every config (default 0).")
  double failShare;

  @Option(
      names = "--http-poll-interval",
      paramLabel = "DURATION",
      description = "Poll interval of HTTP agents (default 30s).")
  String httpPollInterval = "30s";

  @Option(
      names = "--alloy-poll-interval",
      paramLabel = "DURATION",
      description = "GetConfig interval of Alloy pollers (default 1m).")
  String alloyPollInterval = "1m";

  @Option(
      names = "--metrics-interval",
      paramLabel = "DURATION",
      description = "Own-metrics push interval with --otlp (default 10s).")
  String metricsInterval = "10s";

  @Option(
      names = "--max-connects",
      paramLabel = "N",
      description = "Connection attempts in flight at once while ramping up (default 500).")
  int maxConnects = 500;

  @Option(
      names = "--name-prefix",
      paramLabel = "PREFIX",
      description = "Prefix of host names and Alloy ids (default sim).")
  String namePrefix = "sim";

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    SimulationPlan plan = plan(System.getenv());
    Duration limit = duration == null ? null : SettingSources.duration("duration", duration);
    CountDownLatch stop = new CountDownLatch(1);
    CountDownLatch summarized = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              stopAll();
              try {
                summarized.await(10, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "linkmesh-simulate-shutdown");
    RUNNING.add(stop);
    Runtime.getRuntime().addShutdownHook(hook);
    long started = System.nanoTime();
    long allConnectedAt = 0;
    int total = plan.otelcol() + plan.alloy();
    Simulation simulation;
    try {
      simulation = Simulation.start(plan);
    } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
      RUNNING.remove(stop);
      Runtime.getRuntime().removeShutdownHook(hook);
      throw new StartupException(e.getMessage(), e);
    }
    try (Simulation sim = simulation) {
      out.printf(
          Locale.ROOT,
          "simulating %,d otelcol (%s) and %,d alloy against %s%s%n",
          plan.otelcol(),
          plan.transport().name().toLowerCase(Locale.ROOT),
          plan.alloy(),
          plan.server(),
          limit == null ? " until Ctrl-C" : " for " + duration);
      long deadline = limit == null ? Long.MAX_VALUE : started + limit.toNanos();
      while (true) {
        long left = deadline - System.nanoTime();
        if (left <= 0
            || stop.await(Math.min(left, TimeUnit.SECONDS.toNanos(1)), TimeUnit.NANOSECONDS)) {
          break;
        }
        SimulationStats s = sim.stats();
        if (allConnectedAt == 0 && s.otelcolConnected() + s.alloyRegistered() >= total) {
          allConnectedAt = System.nanoTime();
        }
        err.println(progress(s, plan, allConnectedAt == 0, System.nanoTime() - started));
      }
      SimulationStats end = sim.stats();
      if (allConnectedAt == 0 && end.otelcolConnected() + end.alloyRegistered() >= total) {
        allConnectedAt = System.nanoTime();
      }
      out.print(
          summary(
              end,
              plan,
              System.nanoTime() - started,
              allConnectedAt == 0 ? -1 : allConnectedAt - started));
      out.flush();
    } finally {
      RUNNING.remove(stop);
      summarized.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // already shutting down: the hook is running
      }
    }
    return 0;
  }

  SimulationPlan plan(Map<String, String> env) {
    String value = token != null ? token : env.get("LINKMESH_ENROLLMENT_TOKEN");
    if (value == null || value.isBlank()) {
      throw new StartupException(
          "give an enrollment token with --token or LINKMESH_ENROLLMENT_TOKEN");
    }
    if (otelcol < 0 || alloy < 0) {
      throw new StartupException("--otelcol and --alloy must not be negative");
    }
    if (otelcol + alloy == 0) {
      throw new StartupException("nothing to simulate: give --otelcol N and/or --alloy N");
    }
    connection.checkTrust();
    OpampTransport mode =
        switch (transport.toLowerCase(Locale.ROOT)) {
          case "ws", "websocket" -> OpampTransport.WS;
          case "http" -> OpampTransport.HTTP;
          default ->
              throw new StartupException(
                  "unknown --transport '" + transport + "' (use ws or http)");
        };
    if (!(failShare >= 0 && failShare <= 1)) {
      throw new StartupException("--fail-share must be between 0 and 1, not " + failShare);
    }
    URI url = connection.base();
    Path caCert = connection.caCert;
    Trust trust =
        connection.insecure
            ? Trust.insecure()
            : caCert != null ? Trust.caCert(caCert) : Trust.system();
    try {
      return SimulationPlan.builder()
          .server(url)
          .token(value.strip())
          .otelcol(otelcol)
          .alloy(alloy)
          .transport(mode)
          .otlp(otlp)
          .failShare(failShare)
          .trust(trust)
          .opampHttpPollInterval(SettingSources.duration("http-poll-interval", httpPollInterval))
          .alloyPollInterval(SettingSources.duration("alloy-poll-interval", alloyPollInterval))
          .metricsInterval(SettingSources.duration("metrics-interval", metricsInterval))
          .maxConnectsInFlight(maxConnects)
          .namePrefix(namePrefix)
          .build();
    } catch (IllegalArgumentException e) {
      throw new StartupException(e.getMessage(), e);
    }
  }

  static String progress(SimulationStats s, SimulationPlan plan, boolean ramping, long nanos) {
    return String.format(
        Locale.ROOT,
        "%-5s %,d/%,d otelcol connected, %,d/%,d alloy, %,d applied, %,d failed, %,d errors, %.1f s",
        ramping ? "ramp" : "run",
        s.otelcolConnected(),
        plan.otelcol(),
        s.alloyRegistered(),
        plan.alloy(),
        s.remoteConfigsApplied(),
        s.remoteConfigsFailed(),
        s.errors(),
        nanos / 1e9);
  }

  static String summary(SimulationStats s, SimulationPlan plan, long nanos, long connectedAfter) {
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "summary after %.1f s%n", nanos / 1e9));
    b.append(
        String.format(
            Locale.ROOT,
            "  connected      %,d/%,d otelcol, %,d/%,d alloy%s%n",
            s.otelcolConnected(),
            plan.otelcol(),
            s.alloyRegistered(),
            plan.alloy(),
            connectedAfter < 0
                ? " (never all at once)"
                : String.format(
                    Locale.ROOT, " (all connected after %.1f s)", connectedAfter / 1e9)));
    b.append(
        String.format(
            Locale.ROOT,
            "  opamp          %,d messages sent, %,d received, %,d credential switches%n",
            s.opampMessagesSent(),
            s.opampMessagesReceived(),
            s.credentialSwitches()));
    b.append(
        String.format(
            Locale.ROOT,
            "  configs        %,d applied, %,d failed%n",
            s.remoteConfigsApplied(),
            s.remoteConfigsFailed()));
    b.append(
        String.format(
            Locale.ROOT,
            "  alloy polls    %,d (%,d not modified)%n",
            s.alloyPolls(),
            s.alloyNotModified()));
    b.append(
        String.format(
            Locale.ROOT,
            "  otlp           %,d requests, %,d points, %,d refused%n",
            s.otlpRequests(),
            s.otlpPoints(),
            s.otlpRefused()));
    b.append(String.format(Locale.ROOT, "  reconnects     %,d%n", s.reconnects()));
    b.append(
        String.format(
            Locale.ROOT,
            "  errors         %,d%s%n",
            s.errors(),
            s.errorsByKind().isEmpty()
                ? ""
                : s.errorsByKind().entrySet().stream()
                    .map(e -> e.getKey() + " " + e.getValue())
                    .collect(Collectors.joining(", ", " (", ")"))));
    return b.toString();
  }
}
