package io.linkmesh.sim;

/**
 * How far one remote-config hash has come through the simulated fleet.
 *
 * @param received agents (and Alloy pollers) that received a config with this hash
 * @param applied of those, how many wrote APPLIED to the wire
 * @param failed of those, how many wrote FAILED to the wire
 * @param firstReceivedNanos {@link System#nanoTime()} when the first agent received it, 0 if none
 * @param lastReceivedNanos {@link System#nanoTime()} when the latest agent received it, 0 if none
 * @param lastReportedNanos {@link System#nanoTime()} when the last APPLIED/FAILED was written, 0 if
 *     none
 */
public record ConfigProgress(
    int received,
    int applied,
    int failed,
    long firstReceivedNanos,
    long lastReceivedNanos,
    long lastReportedNanos) {

  /** Nothing received yet. */
  public static final ConfigProgress NONE = new ConfigProgress(0, 0, 0, 0, 0, 0);

  /** APPLIED plus FAILED. */
  public int reported() {
    return applied + failed;
  }
}
