package io.linkmesh.sim;

import static java.util.Objects.requireNonNull;

import io.linkmesh.sim.internal.Fleet;
import java.time.Duration;
import java.util.Optional;

/**
 * A running simulated fleet: {@link SimulationPlan#otelcol()} OpAMP agents and {@link
 * SimulationPlan#alloy()} Alloy pollers in this process, on one shared non-blocking Jetty client.
 *
 * <pre>{@code
 * try (Simulation sim = Simulation.start(SimulationPlan.builder()
 *     .server(URI.create("http://127.0.0.1:8080")).token("lme_...").otelcol(1000).build())) {
 *   sim.awaitConnected(1000, Duration.ofSeconds(30));
 * }
 * }</pre>
 */
public final class Simulation implements AutoCloseable {
  private final SimulationPlan plan;
  private final Fleet fleet;

  private Simulation(SimulationPlan plan, Fleet fleet) {
    this.plan = plan;
    this.fleet = fleet;
  }

  /** Starts the fleet and returns at once; agents ramp up in the background. */
  public static Simulation start(SimulationPlan plan) {
    requireNonNull(plan, "plan");
    return new Simulation(plan, Fleet.start(plan));
  }

  public SimulationPlan plan() {
    return plan;
  }

  /** The counters now (cheap). */
  public SimulationStats stats() {
    return fleet.stats();
  }

  /**
   * Waits until at least {@code count} agents are connected: OpAMP agents whose server accepted
   * their current connection (WebSocket open and answered, or the last HTTP poll answered) plus
   * registered Alloy pollers.
   */
  public boolean awaitConnected(int count, Duration timeout) throws InterruptedException {
    requireNonNull(timeout, "timeout");
    return fleet.awaitConnected(count, timeout);
  }

  /** Hex of the newest remote-config hash any OpAMP agent received. */
  public Optional<String> newestConfigHash() {
    return fleet.newestConfigHash();
  }

  /** How far a config hash (hex; Alloy's hash string as sent) has come. */
  public ConfigProgress progress(String configHashHex) {
    requireNonNull(configHashHex, "configHashHex");
    return fleet.progress(configHashHex);
  }

  /** Waits until APPLIED plus FAILED for that hash reach {@code count}. */
  public boolean awaitReported(String configHashHex, int count, Duration timeout)
      throws InterruptedException {
    requireNonNull(configHashHex, "configHashHex");
    requireNonNull(timeout, "timeout");
    return fleet.awaitReported(configHashHex, count, timeout);
  }

  /** The instance uid (canonical UUID string) OpAMP agent {@code index} uses now. */
  public String otelcolInstanceId(int index) {
    return fleet.instanceId(index);
  }

  /** The collector id of Alloy poller {@code index}. */
  public String alloyId(int index) {
    return fleet.alloyId(index);
  }

  /** Closes every connection and stops the threads; waits about 2 s at most for goodbyes. */
  @Override
  public void close() {
    fleet.close();
  }
}
