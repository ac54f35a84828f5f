package io.linkmesh.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Not part of {@code verify} (the name matches no Surefire include): the mixed-fleet scenario of
 * {@link SimulationTest} run again and again while busy threads keep every core loaded, the
 * conditions under which a just-enrolled HTTP agent was once refused with 401 "collector is no
 * longer registered" (issue #14). Run it with
 *
 * <pre>
 * ./mvnw -B -ntp -o -pl linkmesh-sim -am test -Dtest=MixedFleetStress \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dstress.runs=50
 * </pre>
 *
 * It starts its own CPU hog (one spinning thread per core) and fails naming every run that failed,
 * with the 401s counted apart.
 */
class MixedFleetStress {
  private static final Logger LOG = LoggerFactory.getLogger(MixedFleetStress.class);

  @Test
  void theMixedFleetScenarioPassesEveryTimeUnderACpuHog() throws Exception {
    int runs = Integer.getInteger("stress.runs", 50);
    AtomicBoolean hogging = new AtomicBoolean(true);
    List<Thread> hogs = new ArrayList<>();
    for (int i = 0; i < Runtime.getRuntime().availableProcessors(); i++) {
      Thread hog =
          new Thread(
              () -> {
                // A volatile read per turn: the loop cannot be optimised away and never yields.
                while (hogging.get()) {
                  continue;
                }
              },
              "cpu-hog-" + i);
      hog.setDaemon(true);
      hog.start();
      hogs.add(hog);
    }
    List<String> failures = new ArrayList<>();
    int refused401 = 0;
    try {
      for (int run = 1; run <= runs; run++) {
        SimulationTest scenario = new SimulationTest();
        scenario.start();
        try {
          scenario.new AMixedFleet().enrollsAppliesConfigsReportsFailuresAndPushesMetrics();
          LOG.info("run {}/{}: passed", run, runs);
        } catch (AssertionError | Exception e) {
          String message = String.valueOf(e.getMessage());
          if (message.contains("http-401")) {
            refused401++;
          }
          failures.add("run " + run + ": " + message);
          LOG.info("run {}/{}: failed: {}", run, runs, message, e);
        } finally {
          scenario.stop();
        }
      }
    } finally {
      hogging.set(false);
      for (Thread hog : hogs) {
        hog.join(10_000);
      }
    }
    LOG.info(
        "{} runs under a CPU hog: {} failed, {} with an HTTP 401",
        runs,
        failures.size(),
        refused401);
    assertThat(refused401).as("runs with an HTTP 401 among %s", failures).isZero();
    assertThat(failures).as("failed runs of %d", runs).isEmpty();
  }
}
