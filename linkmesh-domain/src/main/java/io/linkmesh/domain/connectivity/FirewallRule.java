package io.linkmesh.domain.connectivity;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One connection a firewall must let through for a deployment, and why.
 *
 * @param plane control, data or store
 * @param from who opens the connection ({@code operator browser}, {@code otelcol collectors})
 * @param to where it goes, as people name it ({@code LinkMesh server (linkmesh.example.com)}, a
 *     backend host, or the endpoint as written when it could not be determined)
 * @param host the destination host a firewall can use, null when it could not be determined
 * @param port the TCP port, 0 when it could not be determined
 * @param protocol what runs over it ({@code HTTPS (OpAMP, WSS)}, {@code Kafka})
 * @param direction inbound to the server (control plane) or outbound from its source
 * @param purpose what it is for, in a few words
 * @param required yes, optional, or as configured
 * @param reason which setting or config caused it
 * @param configs for data-plane rules: the configs exporting there, by name
 * @param selectors for data-plane rules: which collectors those configs select ({@code kafka-out:
 *     env=prod})
 * @param collectors the registered collectors that need it, by display name, at most {@link
 *     #MAX_LISTED}
 * @param collectorCount how many registered collectors need it in all
 * @param undetermined why the destination could not be determined (an environment-variable
 *     reference…), null when it could
 */
public record FirewallRule(
    Plane plane,
    String from,
    String to,
    @Nullable String host,
    int port,
    String protocol,
    Direction direction,
    String purpose,
    Requirement required,
    String reason,
    List<String> configs,
    List<String> selectors,
    List<String> collectors,
    int collectorCount,
    @Nullable String undetermined) {
  /** The most collectors a rule names; {@link #collectorCount()} has the whole number. */
  public static final int MAX_LISTED = 20;

  public FirewallRule {
    requireNonNull(plane, "plane");
    requireNonNull(from, "from");
    requireNonNull(to, "to");
    requireNonNull(protocol, "protocol");
    requireNonNull(direction, "direction");
    requireNonNull(purpose, "purpose");
    requireNonNull(required, "required");
    requireNonNull(reason, "reason");
    configs = List.copyOf(configs);
    selectors = List.copyOf(selectors);
    collectors = List.copyOf(collectors);
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    if (collectors.size() > MAX_LISTED) {
      throw new IllegalArgumentException(
          "a rule names at most " + MAX_LISTED + " collectors, not " + collectors.size());
    }
    if (collectorCount < collectors.size()) {
      throw new IllegalArgumentException(
          "collector count " + collectorCount + " is below the " + collectors.size() + " named");
    }
    if (undetermined == null && (host == null || port == 0)) {
      throw new IllegalArgumentException("a determined rule has a host and a port");
    }
  }

  /** A control-plane rule: inbound to the server on its external port. */
  public static FirewallRule control(
      String from,
      String to,
      ServerAddress server,
      String protocol,
      String purpose,
      Requirement required,
      String reason) {
    return new FirewallRule(
        Plane.CONTROL,
        from,
        to,
        server.host(),
        server.port(),
        protocol,
        Direction.INBOUND,
        purpose,
        required,
        reason,
        List.of(),
        List.of(),
        List.of(),
        0,
        null);
  }

  /** A store-plane rule: outbound from the server to its Git remote; always required. */
  public static FirewallRule store(
      String from, String host, int port, String protocol, String purpose, String reason) {
    return new FirewallRule(
        Plane.STORE,
        from,
        host,
        host,
        port,
        protocol,
        Direction.OUTBOUND,
        purpose,
        Requirement.YES,
        reason,
        List.of(),
        List.of(),
        List.of(),
        0,
        null);
  }

  /** Whether host and port are known, so the rule can be exported to a firewall. */
  public boolean determined() {
    return undetermined == null;
  }
}
