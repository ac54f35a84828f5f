package io.linkmesh.opamp.internal;

import static io.linkmesh.wire.opamp.OpampCapabilities.has;
import static io.linkmesh.wire.opamp.proto.AgentCapabilities.AgentCapabilities_AcceptsOpAMPConnectionSettings;
import static io.linkmesh.wire.opamp.proto.AgentCapabilities.AgentCapabilities_ReportsHeartbeat;
import static java.util.Objects.requireNonNull;

import io.linkmesh.domain.fleet.CollectorId;
import io.linkmesh.domain.fleet.CollectorRuntime;
import io.linkmesh.domain.fleet.Transport;
import io.linkmesh.domain.port.in.AuthenticateCollectorCommand;
import io.linkmesh.domain.port.in.AuthenticateCollectorUseCase;
import io.linkmesh.domain.port.in.CollectorAuthentication;
import io.linkmesh.domain.port.in.ConnectCollectorCommand;
import io.linkmesh.domain.port.in.ConnectCollectorUseCase;
import io.linkmesh.domain.port.in.ConnectOutcome;
import io.linkmesh.domain.port.in.DisconnectCollectorCommand;
import io.linkmesh.domain.port.in.DisconnectCollectorUseCase;
import io.linkmesh.domain.port.in.NoteOwnMetricsOfferedCommand;
import io.linkmesh.domain.port.in.NoteOwnMetricsOfferedUseCase;
import io.linkmesh.domain.port.in.Refusal;
import io.linkmesh.domain.port.in.ReportCollectorStatusCommand;
import io.linkmesh.domain.port.in.ReportCollectorStatusUseCase;
import io.linkmesh.domain.port.in.StatusOutcome;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The session machine's {@link Fleet} on top of the domain's inbound ports. */
public final class DomainFleet implements Fleet {

  private final AuthenticateCollectorUseCase authenticate;
  private final ConnectCollectorUseCase connect;
  private final ReportCollectorStatusUseCase report;
  private final DisconnectCollectorUseCase disconnect;
  private final @Nullable NoteOwnMetricsOfferedUseCase ownMetrics;
  private final Duration httpPollInterval;

  public DomainFleet(
      AuthenticateCollectorUseCase authenticate,
      ConnectCollectorUseCase connect,
      ReportCollectorStatusUseCase report,
      DisconnectCollectorUseCase disconnect,
      @Nullable NoteOwnMetricsOfferedUseCase ownMetrics,
      Duration httpPollInterval) {
    this.authenticate = requireNonNull(authenticate, "authenticate");
    this.connect = requireNonNull(connect, "connect");
    this.report = requireNonNull(report, "report");
    this.disconnect = requireNonNull(disconnect, "disconnect");
    this.ownMetrics = ownMetrics;
    this.httpPollInterval = requireNonNull(httpPollInterval, "httpPollInterval");
  }

  /**
   * The authenticated identity: compared by which credential or token it is, not by the token's
   * changing use count, so an agent is reconnected only when it presents another secret.
   */
  static final class Who {
    final String key;
    final CollectorAuthentication auth;
    final String bearer;

    Who(String key, CollectorAuthentication auth, String bearer) {
      this.key = key;
      this.auth = auth;
      this.bearer = bearer;
    }

    @Override
    public boolean equals(@Nullable Object o) {
      return o instanceof Who w && w.key.equals(key);
    }

    @Override
    public int hashCode() {
      return key.hashCode();
    }

    @Override
    public String toString() {
      return key;
    }
  }

  /**
   * The HTTP status an OpAMP agent is turned away with: 410 tells a used-up token from one that
   * never authenticated, 403 a credential of another collector, 503 a refusal worth retrying.
   */
  static int httpStatus(Refusal refusal) {
    return switch (refusal) {
      case USED_UP -> 410;
      case WRONG_COLLECTOR -> 403;
      case UNAVAILABLE -> 503;
      case UNAUTHENTICATED, EXPIRED, REVOKED, DEREGISTERED -> 401;
    };
  }

  @Override
  public Auth authenticate(String bearer) {
    CollectorAuthentication auth =
        authenticate.authenticate(new AuthenticateCollectorCommand(bearer));
    if (auth instanceof CollectorAuthentication.Refused r) {
      return new Auth.Refused(httpStatus(r.reason()), r.message());
    }
    if (auth instanceof CollectorAuthentication.Credential c) {
      return new Auth.Accepted(new Who("credential:" + c.collector().value(), auth, bearer));
    }
    CollectorAuthentication.Enrollment e = (CollectorAuthentication.Enrollment) auth;
    return new Auth.Accepted(new Who("enrollment:" + e.tokenId(), auth, bearer));
  }

  @Override
  public boolean stillAdmits(Object who, String collectorId, Transport transport) {
    Who w = (Who) who;
    if (w.auth instanceof CollectorAuthentication.Credential c) {
      return c.collector().value().equals(collectorId);
    }
    // Read the token's standing again: it may have been revoked, or the collector may have taken
    // a credential, since this connection was authenticated.
    CollectorAuthentication now =
        authenticate.authenticate(new AuthenticateCollectorCommand(w.bearer));
    if (now instanceof CollectorAuthentication.Refused r) {
      // A WebSocket that handed its agent a credential keeps speaking for it until the agent
      // reconnects with that credential: only a revocation cuts it.
      return transport == Transport.WEBSOCKET && r.reason() != Refusal.REVOKED;
    }
    if (transport == Transport.WEBSOCKET) {
      return true;
    }
    return now instanceof CollectorAuthentication.Enrollment e
        && e.enrolled().contains(CollectorId.of(collectorId));
  }

  @Override
  public boolean isCollectorCredential(Object who) {
    return who instanceof Who w && w.auth instanceof CollectorAuthentication.Credential;
  }

  @Override
  public Connect connect(
      Object who,
      String instanceUid,
      Transport transport,
      long capabilities,
      Map<String, String> attrs,
      String address) {
    CollectorAuthentication auth = ((Who) who).auth;
    if (!CollectorId.isValid(instanceUid)) {
      return new Connect.Refused(400, "instance uid is not a valid collector id");
    }
    // An agent that takes OpAMP connection settings can adopt a credential of its own.
    ConnectCollectorCommand.CredentialRequest credential =
        has(capabilities, AgentCapabilities_AcceptsOpAMPConnectionSettings)
            ? ConnectCollectorCommand.CredentialRequest.IF_MISSING
            : ConnectCollectorCommand.CredentialRequest.NONE;
    ConnectOutcome outcome =
        connect.connect(
            new ConnectCollectorCommand(
                auth,
                CollectorId.of(instanceUid),
                CollectorRuntime.OTELCOL,
                transport,
                null,
                attrs,
                credential,
                pollInterval(transport, capabilities),
                address));
    if (outcome instanceof ConnectOutcome.Refused r) {
      return new Connect.Refused(httpStatus(r.reason()), r.message());
    }
    ConnectOutcome.Connected c = (ConnectOutcome.Connected) outcome;
    return new Connect.Connected(c.collector().id().value(), c.issuedCredential(), c.desired());
  }

  /**
   * How often a plain-HTTP agent polls: the offered interval if it takes it (opamp-go polls at an
   * offered heartbeat), else opamp-go's default 30 s.
   */
  private @Nullable Duration pollInterval(Transport transport, long capabilities) {
    if (transport != Transport.HTTP) {
      return null;
    }
    return has(capabilities, AgentCapabilities_ReportsHeartbeat)
        ? httpPollInterval
        : Duration.ofSeconds(30);
  }

  @Override
  public Reported report(String collectorId, Report r) {
    StatusOutcome outcome =
        report.report(
            ReportCollectorStatusCommand.builder(CollectorId.of(collectorId))
                .attributes(r.attributes())
                .health(r.health())
                .effectiveConfig(r.effectiveConfig())
                .remoteConfigStatus(r.remoteStatus())
                .capabilities(r.capabilities())
                .build());
    if (outcome instanceof StatusOutcome.Accepted a) {
      return new Reported(true, a.desired());
    }
    return Reported.UNKNOWN;
  }

  @Override
  public void disconnect(String collectorId, Gone why) {
    DisconnectCollectorCommand.Reason reason =
        switch (why) {
          case CLOSED -> DisconnectCollectorCommand.Reason.CLOSED;
          case AGENT_DISCONNECT -> DisconnectCollectorCommand.Reason.AGENT_DISCONNECT;
          case SILENT -> DisconnectCollectorCommand.Reason.SILENT;
        };
    String detail =
        switch (why) {
          case CLOSED -> "OpAMP WebSocket closed";
          case AGENT_DISCONNECT -> "OpAMP AgentDisconnect";
          case SILENT -> "OpAMP HTTP agent silent for 3 poll intervals";
        };
    disconnect.disconnect(
        new DisconnectCollectorCommand(CollectorId.of(collectorId), reason, detail));
  }

  @Override
  public void ownMetricsOffered(String collectorId, String endpoint) {
    if (ownMetrics != null) {
      ownMetrics.ownMetricsOffered(
          new NoteOwnMetricsOfferedCommand(CollectorId.of(collectorId), endpoint));
    }
  }
}
