package io.linkmesh.sim.internal;

import io.linkmesh.sim.ConfigProgress;
import io.linkmesh.sim.SimulationPlan;
import io.linkmesh.sim.SimulationStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The simulated fleet behind {@link io.linkmesh.sim.Simulation}. */
public final class Fleet {
  private static final Logger LOG = LoggerFactory.getLogger(Fleet.class);

  private final SimContext ctx;
  private final List<OpampAgent> agents;
  private final List<AlloyPoller> pollers;

  private Fleet(SimulationPlan plan) {
    this.ctx = new SimContext(plan);
    this.agents = new ArrayList<>(plan.otelcol());
    this.pollers = new ArrayList<>(plan.alloy());
    for (int i = 0; i < plan.otelcol(); i++) {
      agents.add(new OpampAgent(ctx, i));
    }
    for (int i = 0; i < plan.alloy(); i++) {
      pollers.add(new AlloyPoller(ctx, i));
    }
  }

  /** Starts the clients and hands every agent to the ramp; returns at once. */
  public static Fleet start(SimulationPlan plan) {
    Fleet fleet = new Fleet(plan);
    fleet.ctx.start();
    // Interleaved, so that both kinds ramp up together.
    int n = Math.max(plan.otelcol(), plan.alloy());
    for (int i = 0; i < n; i++) {
      if (i < fleet.agents.size()) {
        fleet.agents.get(i).connect();
      }
      if (i < fleet.pollers.size()) {
        fleet.pollers.get(i).start();
      }
    }
    return fleet;
  }

  public SimulationStats stats() {
    return ctx.counters.snapshot(ctx.ramp.inFlight(), ctx.ramp.queued());
  }

  public boolean awaitConnected(int count, Duration timeout) throws InterruptedException {
    return ctx.counters.await(() -> ctx.counters.connected() >= count, timeout.toNanos());
  }

  public Optional<String> newestConfigHash() {
    return ctx.progress.newest();
  }

  public ConfigProgress progress(String hash) {
    return ctx.progress.progress(hash);
  }

  public boolean awaitReported(String hash, int count, Duration timeout)
      throws InterruptedException {
    return ctx.counters.await(
        () -> ctx.progress.progress(hash).reported() >= count, timeout.toNanos());
  }

  /**
   * The instance uid (canonical UUID) of OpAMP agent {@code index}, e.g. to find it server-side.
   */
  public String instanceId(int index) {
    return agents.get(index).instanceId();
  }

  /** The id of Alloy poller {@code index}. */
  public String alloyId(int index) {
    return pollers.get(index).id;
  }

  /** Closes every connection (agents say goodbye first), stops the clients; bounded. */
  public void close() {
    if (ctx.closing) {
      return;
    }
    ctx.closing = true;
    for (OpampAgent agent : agents) {
      try {
        agent.close();
      } catch (RuntimeException e) {
        LOG.debug("Closing agent {} failed", agent.index, e);
      }
    }
    for (AlloyPoller poller : pollers) {
      try {
        poller.close();
      } catch (RuntimeException e) {
        LOG.debug("Closing poller {} failed", poller.id, e);
      }
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
    while ((!ctx.ws.getOpenSessions().isEmpty() || ctx.goodbyes.get() > 0)
        && System.nanoTime() < deadline) {
      try {
        ctx.counters.await(
            () -> ctx.ws.getOpenSessions().isEmpty() && ctx.goodbyes.get() <= 0,
            TimeUnit.MILLISECONDS.toNanos(50));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    ctx.ws.setStopTimeout(1000);
    ctx.stop();
  }
}
