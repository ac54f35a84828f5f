package io.linkmesh.domain.port.in;

import static java.util.Objects.requireNonNull;

import io.linkmesh.domain.fleet.CollectorId;
import java.util.Collections;
import java.util.Set;

/** Who a collector's secret says it may be. */
public sealed interface CollectorAuthentication {
  /** The collector's own credential: the connection may act as this collector only. */
  record Credential(CollectorId collector) implements CollectorAuthentication {
    public Credential {
      requireNonNull(collector, "collector");
    }
  }

  /**
   * An enrollment token that is not revoked. It authenticates only the collectors it enrolled that
   * hold no credential of their own (a collector that took a credential is authenticated by that
   * credential alone), and it may enroll a new collector while it {@code acceptsNew}. A request
   * with it may act only for a collector in {@code enrolled}, or register a new one.
   *
   * @param enrolled the registered collectors it enrolled that have no credential of their own,
   *     read-only; not copied, because a multi-use token may have enrolled thousands and every
   *     connection authenticates
   * @param acceptsNew whether a collector not in {@code enrolled} may still enroll with it
   */
  record Enrollment(String tokenId, Set<CollectorId> enrolled, boolean acceptsNew)
      implements CollectorAuthentication {
    public Enrollment {
      requireNonNull(tokenId, "tokenId");
      enrolled = Collections.unmodifiableSet(requireNonNull(enrolled, "enrolled"));
    }

    public boolean admits(CollectorId id) {
      return acceptsNew || enrolled.contains(id);
    }
  }

  /** No collector may connect with this secret. */
  record Refused(Refusal reason, String message) implements CollectorAuthentication {
    public Refused {
      requireNonNull(reason, "reason");
      requireNonNull(message, "message");
    }
  }
}
