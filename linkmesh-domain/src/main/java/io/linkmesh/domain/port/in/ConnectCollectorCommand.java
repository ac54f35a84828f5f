package io.linkmesh.domain.port.in;

import static java.util.Objects.requireNonNull;

import io.linkmesh.domain.fleet.AttributeLimits;
import io.linkmesh.domain.fleet.CollectorId;
import io.linkmesh.domain.fleet.CollectorRuntime;
import io.linkmesh.domain.fleet.Transport;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * @param authentication what {@link AuthenticateCollectorUseCase} said of the secret
 * @param name a human name the collector gave (Alloy {@code name}), if any
 * @param attributes what it reports about itself, cut to fit {@link AttributeLimits#COLLECTOR}
 * @param credential whether to issue it a credential of its own (the adapter knows whether it can
 *     deliver one)
 * @param pollInterval for pollers (plain HTTP, Alloy), how often it is expected to call; null on a
 *     socket whose close says it is gone
 */
public record ConnectCollectorCommand(
    CollectorAuthentication authentication,
    CollectorId id,
    CollectorRuntime runtime,
    Transport transport,
    @Nullable String name,
    Map<String, String> attributes,
    CredentialRequest credential,
    @Nullable Duration pollInterval,
    String address) {

  public ConnectCollectorCommand {
    requireNonNull(authentication, "authentication");
    requireNonNull(id, "id");
    requireNonNull(runtime, "runtime");
    requireNonNull(transport, "transport");
    requireNonNull(credential, "credential");
    requireNonNull(address, "address");
    attributes = AttributeLimits.COLLECTOR.bound(requireNonNull(attributes, "attributes"));
  }

  /** Whether the collector should get a credential of its own on this connection. */
  public enum CredentialRequest {
    /** It cannot receive one (the enrollment token stays its credential). */
    NONE,
    /** Issue one if it has none yet. */
    IF_MISSING,
    /** Issue a new one, replacing the old (it lost or never adopted the old one). */
    ROTATE
  }
}
