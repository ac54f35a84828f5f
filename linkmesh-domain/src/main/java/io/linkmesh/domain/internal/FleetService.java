package io.linkmesh.domain.internal;

import io.linkmesh.domain.config.DesiredConfig;
import io.linkmesh.domain.fleet.Collector;
import io.linkmesh.domain.fleet.CollectorEvent;
import io.linkmesh.domain.fleet.CollectorId;
import io.linkmesh.domain.fleet.CollectorWriteRate;
import io.linkmesh.domain.port.in.AuthenticateCollectorCommand;
import io.linkmesh.domain.port.in.CollectorAuthentication;
import io.linkmesh.domain.port.in.CollectorFilter;
import io.linkmesh.domain.port.in.CollectorSessions;
import io.linkmesh.domain.port.in.ConnectCollectorCommand;
import io.linkmesh.domain.port.in.ConnectOutcome;
import io.linkmesh.domain.port.in.DeregisterCollectorCommand;
import io.linkmesh.domain.port.in.DisconnectCollectorCommand;
import io.linkmesh.domain.port.in.Fleet;
import io.linkmesh.domain.port.in.FleetDirectory;
import io.linkmesh.domain.port.in.NoteOwnMetricsOfferedCommand;
import io.linkmesh.domain.port.in.ReportCollectorStatusCommand;
import io.linkmesh.domain.port.in.SetCollectorLabelsCommand;
import io.linkmesh.domain.port.in.StatusOutcome;
import io.linkmesh.domain.port.in.StatusPublisher;
import io.linkmesh.domain.port.out.AgentNotifier;
import io.linkmesh.domain.port.out.FleetStatusExchange;
import io.linkmesh.domain.port.out.SecretGenerator;
import java.util.List;
import java.util.Optional;

/**
 * The fleet's three jobs over one {@link LiveFleet}: each call goes to the job that owns it, so
 * that callers wiring all of them at once hold one value.
 */
public final class FleetService implements Fleet {
  private final CollectorSessions sessions;
  private final FleetDirectory directory;
  private final StatusPublisher status;

  public FleetService(
      DesiredStateKeeper state,
      SecretGenerator secrets,
      Auditor auditor,
      String replica,
      FleetStatusExchange exchange,
      CollectorWriteRate writeRate) {
    LiveFleet live = new LiveFleet(state, replica, exchange, writeRate);
    this.sessions = new CollectorSessionService(live, secrets, auditor);
    this.directory = new FleetDirectoryService(live, auditor);
    this.status = new StatusPublishingService(live);
  }

  public CollectorSessions sessions() {
    return sessions;
  }

  public FleetDirectory directory() {
    return directory;
  }

  public StatusPublisher status() {
    return status;
  }

  @Override
  public void addNotifier(AgentNotifier notifier) {
    sessions.addNotifier(notifier);
  }

  @Override
  public CollectorAuthentication authenticate(AuthenticateCollectorCommand command) {
    return sessions.authenticate(command);
  }

  @Override
  public ConnectOutcome connect(ConnectCollectorCommand command) {
    return sessions.connect(command);
  }

  @Override
  public StatusOutcome report(ReportCollectorStatusCommand command) {
    return sessions.report(command);
  }

  @Override
  public void disconnect(DisconnectCollectorCommand command) {
    sessions.disconnect(command);
  }

  @Override
  public void ownMetricsOffered(NoteOwnMetricsOfferedCommand command) {
    sessions.ownMetricsOffered(command);
  }

  @Override
  public Optional<DesiredConfig> desiredConfig(CollectorId collector) {
    return sessions.desiredConfig(collector);
  }

  @Override
  public List<Collector> collectors(CollectorFilter filter) {
    return directory.collectors(filter);
  }

  @Override
  public Optional<Collector> collector(CollectorId id) {
    return directory.collector(id);
  }

  @Override
  public List<CollectorEvent> events(CollectorId id, int limit) {
    return directory.events(id, limit);
  }

  @Override
  public Optional<Collector> setLabels(SetCollectorLabelsCommand command) {
    return directory.setLabels(command);
  }

  @Override
  public boolean deregister(DeregisterCollectorCommand command) {
    return directory.deregister(command);
  }

  @Override
  public int sweepSilentCollectors() {
    return status.sweepSilentCollectors();
  }

  @Override
  public boolean publishStatus() {
    return status.publishStatus();
  }

  @Override
  public int liveCount() {
    return status.liveCount();
  }
}
