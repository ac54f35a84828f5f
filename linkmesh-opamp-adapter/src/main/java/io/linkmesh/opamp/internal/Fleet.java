package io.linkmesh.opamp.internal;

import static java.util.Objects.requireNonNull;

import io.linkmesh.domain.config.DesiredConfig;
import io.linkmesh.domain.fleet.EffectiveConfig;
import io.linkmesh.domain.fleet.Health;
import io.linkmesh.domain.fleet.RemoteConfigStatus;
import io.linkmesh.domain.fleet.Transport;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What the OpAMP session machine needs from the fleet, narrowed to the calls it makes. {@code
 * DomainFleet} translates them to the domain's use cases; tests may use a fake. Implementations
 * must be safe for concurrent use and must not block for long.
 */
public interface Fleet {

  /** Checks a bearer token presented on an HTTP request or WebSocket upgrade. */
  Auth authenticate(String bearer);

  /**
   * Whether {@code who} (from {@link #authenticate}) is one collector's own credential, which one
   * agent uses, rather than an enrollment token a fleet may share.
   */
  default boolean isCollectorCredential(Object who) {
    return false;
  }

  /**
   * Registers or reconnects the collector with this instance uid, as {@code who}.
   *
   * @param capabilities the agent's capability bits from the message that connects it
   * @param address the agent's remote address, for events and audit
   */
  Connect connect(
      Object who,
      String instanceUid,
      Transport transport,
      long capabilities,
      Map<String, String> attrs,
      String address);

  /**
   * Records what one message reported; parts the message omitted are null. Returns the collector's
   * current desired config, or {@link Reported#UNKNOWN} when it is no longer registered.
   */
  Reported report(String collectorId, Report report);

  /** Marks the collector disconnected. */
  void disconnect(String collectorId, Gone why);

  /**
   * Whether {@code who}, accepted earlier, may still act for this collector on a connection that
   * did not reconnect it: a revoked enrollment token acts for no one (an open WebSocket included),
   * and over plain HTTP, where each request presents the token again, a token acts only for a
   * collector whose only secret it still is.
   */
  default boolean stillAdmits(Object who, String collectorId, Transport transport) {
    return true;
  }

  /** Records that own-metrics settings pointing at {@code endpoint} were offered. */
  void ownMetricsOffered(String collectorId, String endpoint);

  /** Why a collector went away. */
  enum Gone {
    CLOSED,
    AGENT_DISCONNECT,
    SILENT
  }

  /**
   * The answer to a report.
   *
   * @param known false when the collector is no longer registered
   * @param desired its desired config now, null when none matches
   */
  record Reported(boolean known, @Nullable DesiredConfig desired) {
    public static final Reported UNKNOWN = new Reported(false, null);
  }

  /** Outcome of authentication. */
  sealed interface Auth {
    /** Accepted; {@code who} is an opaque identity with a meaningful {@code equals}. */
    record Accepted(Object who) implements Auth {
      public Accepted {
        requireNonNull(who, "who");
      }
    }

    /** Refused with an HTTP status (401, 410, ...) and a reason safe to show. */
    record Refused(int status, String reason) implements Auth {
      public Refused {
        requireNonNull(reason, "reason");
      }
    }
  }

  /** Outcome of connecting. */
  sealed interface Connect {
    /**
     * Connected.
     *
     * @param collectorId the collector's id
     * @param newCredential a credential issued now, to offer to the agent, or null
     * @param desired the desired config, or null when no config matches
     */
    record Connected(
        String collectorId, @Nullable String newCredential, @Nullable DesiredConfig desired)
        implements Connect {
      public Connected {
        requireNonNull(collectorId, "collectorId");
      }
    }

    /** Refused with an HTTP status and a reason safe to show. */
    record Refused(int status, String reason) implements Connect {
      public Refused {
        requireNonNull(reason, "reason");
      }
    }
  }

  /**
   * One message's report; null parts were not in the message.
   *
   * @param transport how the agent is connected
   * @param capabilities the agent's capability bits
   * @param attributes identifying and non-identifying description attributes, or null
   * @param health health tree, or null
   * @param effectiveConfig effective config, or null
   * @param remoteStatus remote-config status, or null
   */
  record Report(
      Transport transport,
      long capabilities,
      @Nullable Map<String, String> attributes,
      @Nullable Health health,
      @Nullable EffectiveConfig effectiveConfig,
      @Nullable RemoteConfigStatus remoteStatus) {
    public Report {
      requireNonNull(transport, "transport");
      attributes = attributes == null ? null : Map.copyOf(attributes);
    }

    /** True when the message carried nothing but liveness. */
    public boolean isHeartbeat() {
      return attributes == null
          && health == null
          && effectiveConfig == null
          && remoteStatus == null;
    }
  }
}
