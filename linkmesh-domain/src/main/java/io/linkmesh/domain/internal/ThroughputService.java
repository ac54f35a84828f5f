package io.linkmesh.domain.internal;

import static java.util.Objects.requireNonNull;

import io.linkmesh.domain.fleet.CollectorId;
import io.linkmesh.domain.port.in.CollectorAuthentication;
import io.linkmesh.domain.port.in.FleetQueries;
import io.linkmesh.domain.port.in.RecordOwnMetricsCommand;
import io.linkmesh.domain.port.in.RecordOwnMetricsOutcome;
import io.linkmesh.domain.port.in.Refusal;
import io.linkmesh.domain.port.in.Throughput;
import io.linkmesh.domain.throughput.CollectorThroughput;
import io.linkmesh.domain.throughput.FleetThroughput;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Collectors' throughput: who may write which collector's numbers, and the bounded series they go
 * into.
 */
public final class ThroughputService implements Throughput {
  private final FleetQueries fleet;
  private final FleetThroughput series;

  public ThroughputService(FleetQueries fleet, FleetThroughput series) {
    this.fleet = requireNonNull(fleet, "fleet");
    this.series = requireNonNull(series, "series");
  }

  /** For embedders and tests that wire the fleet themselves. */
  public static ThroughputService create(FleetQueries fleet, FleetThroughput series) {
    return new ThroughputService(fleet, series);
  }

  @Override
  public RecordOwnMetricsOutcome record(RecordOwnMetricsCommand command) {
    requireNonNull(command, "command");
    String claim = claimedId(command);
    CollectorAuthentication auth = command.authentication();
    CollectorId collector;
    if (auth instanceof CollectorAuthentication.Refused refused) {
      return new RecordOwnMetricsOutcome.Rejected(refused.reason(), refused.message());
    } else if (auth instanceof CollectorAuthentication.Credential credential) {
      collector = credential.collector();
      if (claim != null && !sameId(claim, collector)) {
        return new RecordOwnMetricsOutcome.Rejected(
            Refusal.WRONG_COLLECTOR,
            "resource names collector '"
                + abbreviate(claim)
                + "' but the credential belongs to another");
      }
    } else {
      CollectorAuthentication.Enrollment enrollment = (CollectorAuthentication.Enrollment) auth;
      if (claim == null) {
        return new RecordOwnMetricsOutcome.Rejected(
            Refusal.WRONG_COLLECTOR,
            "an enrollment token needs the resource attribute "
                + RecordOwnMetricsCommand.SERVICE_INSTANCE_ID
                + " naming the collector");
      }
      collector = enrolledMatching(enrollment, claim);
      if (collector == null) {
        return new RecordOwnMetricsOutcome.Rejected(
            Refusal.WRONG_COLLECTOR,
            "collector '" + abbreviate(claim) + "' was not enrolled with this token");
      }
    }
    if (fleet.collector(collector).isEmpty()) {
      series.forget(collector);
      return new RecordOwnMetricsOutcome.Rejected(
          Refusal.DEREGISTERED, "collector " + collector + " is not registered");
    }
    int used = series.record(collector, command.samples());
    return new RecordOwnMetricsOutcome.Recorded(collector, used, command.samples().size() - used);
  }

  @Override
  public Optional<CollectorThroughput> throughput(CollectorId collector) {
    requireNonNull(collector, "collector");
    if (fleet.collector(collector).isEmpty()) {
      series.forget(collector);
      return Optional.empty();
    }
    return series.throughput(collector);
  }

  /** The in-memory series, for monitoring its size. */
  @Override
  public FleetThroughput series() {
    return series;
  }

  private static @Nullable String claimedId(RecordOwnMetricsCommand command) {
    String id = command.resource().get(RecordOwnMetricsCommand.LINKMESH_COLLECTOR_ID);
    if (id == null || id.isEmpty()) {
      id = command.resource().get(RecordOwnMetricsCommand.SERVICE_INSTANCE_ID);
    }
    return id == null || id.isEmpty() ? null : id;
  }

  /** OpAMP ids are UUIDs, which may arrive in either case. */
  private static boolean sameId(String claim, CollectorId id) {
    return claim.equalsIgnoreCase(id.value());
  }

  private static @Nullable CollectorId enrolledMatching(
      CollectorAuthentication.Enrollment enrollment, String claim) {
    for (CollectorId id : enrollment.enrolled()) {
      if (sameId(claim, id)) {
        return id;
      }
    }
    return null;
  }

  private static String abbreviate(String s) {
    return s.length() <= 64 ? s : s.substring(0, 64) + "...";
  }
}
