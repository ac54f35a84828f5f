package io.linkmesh.opamp.internal;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What the OpAMP session machine needs from the fleet (the domain), in the adapter's own terms. One
 * implementation translates to the domain's use cases; tests may use a fake. Implementations must
 * be safe for concurrent use and must not block for long.
 */
public interface Fleet {

  /** Checks a bearer token presented on an HTTP request or WebSocket upgrade. */
  Auth authenticate(String bearer);

  /** Registers or reconnects the collector with this instance uid, as {@code who}. */
  Connect connect(Object who, String instanceUid, Transport transport, Map<String, String> attrs);

  /** Records what one message reported; parts the message omitted are null. */
  void report(String collectorId, Report report);

  /** Marks the collector disconnected. */
  void disconnect(String collectorId);

  /** The collector's current desired config, if any config matches it. */
  Optional<Desired> desired(String collectorId);

  /** Transport an agent uses. */
  enum Transport {
    WEBSOCKET,
    HTTP
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
    record Connected(String collectorId, @Nullable String newCredential, @Nullable Desired desired)
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
   * A desired config: one YAML file per config name and the hash the protocol compares.
   *
   * @param files file name to body (kept sorted by name)
   * @param hash a collision-free hash of the files (lower-case hex)
   */
  record Desired(Map<String, String> files, String hash) {
    public Desired {
      files =
          java.util.Collections.unmodifiableMap(
              new java.util.TreeMap<>(requireNonNull(files, "files")));
      requireNonNull(hash, "hash");
    }
  }

  /**
   * Health of the agent or one component.
   *
   * @param healthy healthy flag
   * @param status status text
   * @param lastError last error text
   * @param components child components by name
   */
  record Health(boolean healthy, String status, String lastError, Map<String, Health> components) {
    public Health {
      requireNonNull(status, "status");
      requireNonNull(lastError, "lastError");
      components = Map.copyOf(requireNonNull(components, "components"));
    }
  }

  /** Remote-config status values. */
  enum ApplyStatus {
    UNSET,
    APPLYING,
    APPLIED,
    FAILED
  }

  /**
   * Remote-config status as reported.
   *
   * @param hash lower-case hex of last_remote_config_hash (may be empty)
   * @param status status
   * @param errorMessage error text
   */
  record RemoteStatus(String hash, ApplyStatus status, String errorMessage) {
    public RemoteStatus {
      requireNonNull(hash, "hash");
      requireNonNull(status, "status");
      requireNonNull(errorMessage, "errorMessage");
    }
  }

  /**
   * One message's report; null parts were not in the message.
   *
   * @param transport how the agent is connected
   * @param capabilities the agent's capability bits
   * @param attributes identifying and non-identifying description attributes, or null
   * @param health health tree, or null
   * @param effectiveConfig effective config text, or null
   * @param remoteStatus remote-config status, or null
   */
  record Report(
      Transport transport,
      long capabilities,
      @Nullable Map<String, String> attributes,
      @Nullable Health health,
      @Nullable String effectiveConfig,
      @Nullable RemoteStatus remoteStatus) {
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
