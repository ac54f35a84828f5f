package io.linkmesh.domain.port.in;

import static java.util.Objects.requireNonNull;

import io.linkmesh.domain.fleet.AttributeLimits;
import io.linkmesh.domain.fleet.CollectorId;
import io.linkmesh.domain.fleet.EffectiveConfig;
import io.linkmesh.domain.fleet.Health;
import io.linkmesh.domain.fleet.RemoteConfigStatus;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a collector reported in one message; null fields were not in it (unchanged). Attributes are
 * cut to fit {@link AttributeLimits#COLLECTOR}.
 *
 * @param capabilities the OpAMP capability bitmask, null when not sent
 * @param pollInterval for pollers, the interval observed or agreed, null when unchanged
 */
public record ReportCollectorStatusCommand(
    CollectorId id,
    @Nullable Map<String, String> attributes,
    @Nullable Health health,
    @Nullable EffectiveConfig effectiveConfig,
    @Nullable RemoteConfigStatus remoteConfigStatus,
    @Nullable Long capabilities,
    @Nullable Duration pollInterval) {

  public ReportCollectorStatusCommand {
    requireNonNull(id, "id");
    if (attributes != null) {
      attributes = AttributeLimits.COLLECTOR.bound(attributes);
    }
  }

  /** A message that says only "still here". */
  public static ReportCollectorStatusCommand heartbeat(CollectorId id) {
    return new ReportCollectorStatusCommand(id, null, null, null, null, null, null);
  }
}
