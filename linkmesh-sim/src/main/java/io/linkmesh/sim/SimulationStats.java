package io.linkmesh.sim;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * A snapshot of a simulation's counters. Counters are read one by one, so a snapshot taken while
 * agents are busy is consistent enough for progress lines and benchmarks, not to the message.
 *
 * @param otelcolStarted OpAMP agents created so far (the ramp hands them out gradually)
 * @param otelcolConnected OpAMP agents connected now: WebSocket open, or the last HTTP poll
 *     answered
 * @param alloyRegistered Alloy pollers whose RegisterCollector and last poll succeeded
 * @param reconnects connections lost and re-established (or being re-established)
 * @param errors all errors; {@code errorsByKind} breaks them down
 * @param errorsByKind e.g. {@code ws-connect}, {@code ws-401}, {@code http-503}, {@code alloy-401},
 *     {@code otlp-refused}
 * @param opampMessagesSent AgentToServer messages written
 * @param opampMessagesReceived ServerToAgent messages read
 * @param remoteConfigsApplied APPLIED statuses written (OpAMP and Alloy)
 * @param remoteConfigsFailed FAILED statuses written (OpAMP and Alloy)
 * @param alloyPolls GetConfig calls answered 200
 * @param alloyNotModified of those, answered {@code not_modified}
 * @param otlpRequests OTLP export requests answered 200
 * @param otlpPoints data points in those requests
 * @param otlpRefused data points the server refused (partial success or an error status)
 * @param credentialSwitches agents that adopted offered OpAMP connection settings (a new
 *     credential) and reconnected with them, as the supervisor does
 * @param connectsInFlight connection attempts under way now (at most the plan's {@code
 *     maxConnectsInFlight})
 * @param connectsQueued connection attempts waiting for a place in the ramp
 */
public record SimulationStats(
    int otelcolStarted,
    int otelcolConnected,
    int alloyRegistered,
    long reconnects,
    long errors,
    Map<String, Long> errorsByKind,
    long opampMessagesSent,
    long opampMessagesReceived,
    long remoteConfigsApplied,
    long remoteConfigsFailed,
    long alloyPolls,
    long alloyNotModified,
    long otlpRequests,
    long otlpPoints,
    long otlpRefused,
    long credentialSwitches,
    int connectsInFlight,
    int connectsQueued) {

  public SimulationStats {
    errorsByKind = Map.copyOf(requireNonNull(errorsByKind, "errorsByKind"));
  }
}
