package io.linkmesh.domain.service;

import static java.util.Objects.requireNonNull;

import io.linkmesh.domain.enrollment.SecretHash;
import io.linkmesh.domain.fleet.CollectorWriteRate;
import io.linkmesh.domain.internal.Auditor;
import io.linkmesh.domain.internal.ConfigService;
import io.linkmesh.domain.internal.DesiredStateKeeper;
import io.linkmesh.domain.internal.EnrollmentService;
import io.linkmesh.domain.internal.FleetService;
import io.linkmesh.domain.internal.OperatorService;
import io.linkmesh.domain.internal.ThroughputService;
import io.linkmesh.domain.port.in.CollectorSessions;
import io.linkmesh.domain.port.in.Configs;
import io.linkmesh.domain.port.in.EnrollmentTokens;
import io.linkmesh.domain.port.in.Fleet;
import io.linkmesh.domain.port.in.FleetDirectory;
import io.linkmesh.domain.port.in.Operators;
import io.linkmesh.domain.port.in.StatusPublisher;
import io.linkmesh.domain.port.in.Throughput;
import io.linkmesh.domain.port.out.AuditLog;
import io.linkmesh.domain.port.out.ConfigValidator;
import io.linkmesh.domain.port.out.FleetStatusExchange;
import io.linkmesh.domain.port.out.RevisionStore;
import io.linkmesh.domain.port.out.SecretGenerator;
import io.linkmesh.domain.throughput.FleetThroughput;
import io.linkmesh.domain.throughput.ThroughputLimits;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The whole domain, built from its outbound ports: the front door. Its accessors hand out one
 * {@code port.in} interface per job; adapters take the use cases they need from those, and never
 * see the services behind them (in {@code io.linkmesh.domain.internal}). The app builds one of
 * these and hands the jobs around.
 *
 * <pre>{@code
 * LinkMeshDomain domain = LinkMeshDomain.builder()
 *     .store(store).auditLog(auditLog).clock(Clock.systemUTC())
 *     .validator(otelcolValidator).validator(alloyValidator)
 *     .adminSecret(adminToken).replica("replica-1")
 *     .build();
 * domain.sessions().addNotifier(opampServer.notifier());
 * }</pre>
 */
public final class LinkMeshDomain {
  private final DesiredStateKeeper state;
  private final FleetService fleet;
  private final EnrollmentService enrollment;
  private final ConfigService configs;
  private final OperatorService operators;
  private final ThroughputService throughput;

  private LinkMeshDomain(Builder b) {
    Clock clock = requireNonNull(b.clock, "clock");
    this.state = new DesiredStateKeeper(requireNonNull(b.store, "store"), clock);
    Auditor auditor = new Auditor(requireNonNull(b.auditLog, "auditLog"), clock);
    SecretGenerator secrets = b.secrets;
    this.fleet =
        new FleetService(state, secrets, auditor, b.replica, b.fleetStatus, b.collectorWriteRate);
    this.enrollment = new EnrollmentService(state, secrets, auditor);
    this.configs = new ConfigService(state, auditor, b.validators);
    this.operators = new OperatorService(state, secrets, auditor, b.adminHash);
    this.throughput = new ThroughputService(fleet, new FleetThroughput(b.throughputLimits, clock));
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * The whole fleet: its {@link #sessions()}, its {@link #directory()} and its {@link #status()} in
   * one value.
   */
  public Fleet fleet() {
    return fleet;
  }

  /**
   * The collectors' side, for protocol adapters: authentication, connection, status, desired
   * configs; add each adapter's {@link io.linkmesh.domain.port.out.AgentNotifier} here.
   */
  public CollectorSessions sessions() {
    return fleet.sessions();
  }

  /** The operators' side of the fleet: collectors, events, labels, deregistration. */
  public FleetDirectory directory() {
    return fleet.directory();
  }

  /** Publishing this replica's live state and sweeping silent collectors, on the app's timer. */
  public StatusPublisher status() {
    return fleet.status();
  }

  /** Enrollment tokens: mint, revoke, list. */
  public EnrollmentTokens enrollment() {
    return enrollment;
  }

  /** Configs, revisions, diff and restore. */
  public Configs configs() {
    return configs;
  }

  /** Operator authentication, API tokens and the audit log. */
  public Operators operators() {
    return operators;
  }

  /** Collectors' per-component throughput from their own metrics. */
  public Throughput throughput() {
    return throughput;
  }

  /**
   * Re-reads the store if another writer moved its head; stores that can tell call it themselves.
   */
  public void syncWithStore() {
    state.syncWithStore();
  }

  /** Options for {@link LinkMeshDomain}. */
  public static final class Builder {
    private @Nullable RevisionStore store;
    private @Nullable AuditLog auditLog;
    private SecretGenerator secrets = SecretGenerator.secureRandom();
    private Clock clock = Clock.systemUTC();
    private final List<ConfigValidator> validators = new ArrayList<>();
    private @Nullable SecretHash adminHash;
    private String replica = "local";
    private ThroughputLimits throughputLimits = ThroughputLimits.defaults();
    private FleetStatusExchange fleetStatus = FleetStatusExchange.none();
    private CollectorWriteRate collectorWriteRate = CollectorWriteRate.defaults();

    private Builder() {}

    public Builder store(RevisionStore store) {
      this.store = requireNonNull(store, "store");
      return this;
    }

    public Builder auditLog(AuditLog auditLog) {
      this.auditLog = requireNonNull(auditLog, "auditLog");
      return this;
    }

    /** Where token ids and secrets come from (default {@link SecretGenerator#secureRandom()}). */
    public Builder secrets(SecretGenerator secrets) {
      this.secrets = requireNonNull(secrets, "secrets");
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock");
      return this;
    }

    /** A validator for one runtime; a runtime without one accepts any non-empty body. */
    public Builder validator(ConfigValidator validator) {
      validators.add(requireNonNull(validator, "validator"));
      return this;
    }

    /** The admin token's secret (from {@code admin.token} or {@code LINKMESH_ADMIN_TOKEN}). */
    public Builder adminSecret(String secret) {
      this.adminHash = SecretHash.of(requireNonNull(secret, "secret"));
      return this;
    }

    /** This server's name among replicas, shown in collectors' live state. */
    public Builder replica(String replica) {
      this.replica = requireNonNull(replica, "replica");
      return this;
    }

    /**
     * How this replica shares live collector state with the others (default {@link
     * FleetStatusExchange#none()}: a single replica).
     */
    public Builder fleetStatus(FleetStatusExchange exchange) {
      this.fleetStatus = requireNonNull(exchange, "exchange");
      return this;
    }

    /** Bounds of the in-memory throughput series (default {@link ThroughputLimits#defaults()}). */
    public Builder throughputLimits(ThroughputLimits limits) {
      this.throughputLimits = requireNonNull(limits, "limits");
      return this;
    }

    /**
     * How often one collector may cause a store write after registering (default {@link
     * CollectorWriteRate#defaults()}).
     */
    public Builder collectorWriteRate(CollectorWriteRate rate) {
      this.collectorWriteRate = requireNonNull(rate, "rate");
      return this;
    }

    public LinkMeshDomain build() {
      return new LinkMeshDomain(this);
    }
  }
}
