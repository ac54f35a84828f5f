package io.linkmesh.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.linkmesh.domain.fleet.Collector;
import io.linkmesh.domain.fleet.CollectorRuntime;
import io.linkmesh.domain.port.in.CollectorFilter;
import io.linkmesh.opamp.OpampServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Plain-HTTP agents that adopt the offered interval, as opamp-go does, see a change within the
 * server's poll interval (+ 1 s for the round trips), whatever interval they were started with.
 */
class HttpDeliveryTest {
  static final Map<String, String> FLEET = Map.of("env", "delivery");
  static final int AGENTS = 10;

  SimServer server;

  @BeforeEach
  void start() {
    server = new SimServer(b -> {}); // the default poll interval
  }

  @AfterEach
  void stop() {
    server.close();
  }

  List<Collector> fleet() {
    return server
        .domain
        .fleet()
        .collectors(new CollectorFilter(CollectorRuntime.OTELCOL, FLEET, null));
  }

  boolean allApplied() {
    List<Collector> all = fleet();
    return all.size() == AGENTS
        && all.stream()
            .allMatch(
                c ->
                    c.desiredConfigHash() != null
                        && Objects.equals(c.live().appliedHash(), c.desiredConfigHash()));
  }

  @Test
  void aChangeReachesEveryAdoptingPollerWithinTheDefaultIntervalPlusOneSecond() throws Exception {
    server.putConfig(CollectorRuntime.OTELCOL, "base", FLEET, SimServer.OTELCOL_CONFIG);
    String token = server.mint(AGENTS, FLEET);
    try (Simulation sim =
        Simulation.start(
            SimulationPlan.builder()
                .server(server.url())
                .token(token)
                .otelcol(AGENTS)
                .transport(OpampTransport.HTTP)
                // opamp-go's own default: only the offer makes them poll faster.
                .opampHttpPollInterval(Duration.ofSeconds(30))
                .maxConnectsInFlight(1)
                .build())) {
      // Generous for a loaded machine: the agents enroll one at a time and poll at 30 s until
      // their first answer offers the interval.
      assertThat(sim.awaitConnected(AGENTS, Duration.ofSeconds(75))).as("%s", sim.stats()).isTrue();
      Await.until("the first config applied everywhere", Duration.ofSeconds(45), this::allApplied);
      long errorsBefore = sim.stats().errors();
      // Each agent's next poll is now at most one of its intervals away.
      server.putConfig(
          CollectorRuntime.OTELCOL,
          "base",
          FLEET,
          SimServer.OTELCOL_CONFIG.replace("debug:", "debug:\n    verbosity: basic"));
      // Timed from when the change is made (the PUT returned) until every agent has received
      // it: what the poll interval bounds. (Applying and reporting it back is the agent's part.)
      long made = System.nanoTime();
      String previous = sim.newestConfigHash().orElseThrow();
      Await.until(
          "the change received everywhere",
          Duration.ofSeconds(45),
          () ->
              sim.newestConfigHash()
                  .filter(h -> !h.equals(previous))
                  .map(h -> sim.progress(h).received() == AGENTS)
                  .orElse(false));
      Duration took = Duration.ofNanos(System.nanoTime() - made);

      assertThat(took)
          .as("a change reaches every poller within the interval + 1 s")
          .isLessThanOrEqualTo(OpampServer.DEFAULT_HTTP_POLL_INTERVAL.plusSeconds(1));
      Await.until("the change applied everywhere", Duration.ofSeconds(45), this::allApplied);
      assertThat(sim.stats().errors()).as("%s", sim.stats()).isEqualTo(errorsBefore);
    }
  }
}
