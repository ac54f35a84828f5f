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
 * cut to fit {@link AttributeLimits#COLLECTOR}. Build one with {@link #builder(CollectorId)},
 * naming only what the message carried.
 *
 * @param capabilities what the collector's protocol says it can do, as that protocol encodes it
 *     (OpAMP: its capability bitmask), null when not sent. An opaque value to the domain: it stores
 *     and shows it, and never reads its bits
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
    return builder(id).build();
  }

  /** A report from {@code id} that carries nothing until a setter names a part. */
  public static Builder builder(CollectorId id) {
    return new Builder(id);
  }

  /** Each setter takes null for "not in this message". */
  public static final class Builder {
    private final CollectorId id;
    private @Nullable Map<String, String> attributes;
    private @Nullable Health health;
    private @Nullable EffectiveConfig effectiveConfig;
    private @Nullable RemoteConfigStatus remoteConfigStatus;
    private @Nullable Long capabilities;
    private @Nullable Duration pollInterval;

    private Builder(CollectorId id) {
      this.id = requireNonNull(id, "id");
    }

    public Builder attributes(@Nullable Map<String, String> attributes) {
      this.attributes = attributes;
      return this;
    }

    public Builder health(@Nullable Health health) {
      this.health = health;
      return this;
    }

    public Builder effectiveConfig(@Nullable EffectiveConfig effectiveConfig) {
      this.effectiveConfig = effectiveConfig;
      return this;
    }

    public Builder remoteConfigStatus(@Nullable RemoteConfigStatus remoteConfigStatus) {
      this.remoteConfigStatus = remoteConfigStatus;
      return this;
    }

    /** See {@link ReportCollectorStatusCommand#capabilities()}: opaque to the domain. */
    public Builder capabilities(@Nullable Long capabilities) {
      this.capabilities = capabilities;
      return this;
    }

    public Builder pollInterval(@Nullable Duration pollInterval) {
      this.pollInterval = pollInterval;
      return this;
    }

    public ReportCollectorStatusCommand build() {
      return new ReportCollectorStatusCommand(
          id, attributes, health, effectiveConfig, remoteConfigStatus, capabilities, pollInterval);
    }
  }
}
