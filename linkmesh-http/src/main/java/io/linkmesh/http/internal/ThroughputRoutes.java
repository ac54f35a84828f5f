package io.linkmesh.http.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.linkmesh.domain.enrollment.Role;
import io.linkmesh.domain.fleet.CollectorId;
import io.linkmesh.domain.port.in.FleetQueries;
import io.linkmesh.domain.port.in.ThroughputQueries;
import io.linkmesh.domain.throughput.CollectorThroughput;
import io.linkmesh.domain.throughput.ComponentThroughput;
import io.linkmesh.domain.throughput.Measure;
import io.linkmesh.domain.throughput.Signal;
import io.linkmesh.domain.throughput.SignalRates;
import io.linkmesh.domain.throughput.ThroughputPoint;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** {@code /collectors/{id}/throughput}: a collector's per-component rates from its own metrics. */
public final class ThroughputRoutes {
  private final FleetQueries fleet;
  private final @Nullable ThroughputQueries throughput;

  public ThroughputRoutes(FleetQueries fleet, @Nullable ThroughputQueries throughput) {
    this.fleet = fleet;
    this.throughput = throughput;
  }

  public void register(Router router) {
    router.get("/collectors/{id}/throughput", Role.VIEWER, this::throughput);
  }

  private Reply throughput(Call call) {
    ThroughputQueries queries = throughput;
    if (queries == null) {
      throw new ApiException(
          501, "not_configured", "this server has no throughput source configured");
    }
    Boolean withSeries = call.booleanQuery("series");
    String value = call.param("id");
    if (!CollectorId.isValid(value) || fleet.collector(CollectorId.of(value)).isEmpty()) {
      String shown = value.length() > 80 ? value.substring(0, 80) + "..." : value;
      throw ApiException.notFound("no collector '" + shown + "'");
    }
    CollectorId id = CollectorId.of(value);
    Optional<CollectorThroughput> found = queries.throughput(id);
    ObjectNode body = Json.object();
    body.put("collectorId", id.value());
    if (found.isEmpty()) {
      body.putNull("updatedAt");
      body.putNull("retentionSeconds");
      body.putArray("latest");
      if (withSeries == null || withSeries) {
        body.putArray("series");
      }
      return Reply.ok(body);
    }
    CollectorThroughput t = found.get();
    Json.putTime(body, "updatedAt", t.updatedAt());
    body.put("retentionSeconds", t.retention().toSeconds());
    components(body.putArray("latest"), t.latest());
    if (withSeries == null || withSeries) {
      ArrayNode series = body.putArray("series");
      for (ThroughputPoint point : t.series()) {
        ObjectNode p = series.addObject();
        Json.putTime(p, "at", point.at());
        components(p.putArray("components"), point.components());
      }
    }
    return Reply.ok(body);
  }

  private static void components(ArrayNode out, List<ComponentThroughput> components) {
    for (ComponentThroughput c : components) {
      ObjectNode node = out.addObject();
      node.put("kind", c.kind().wireName());
      node.put("id", c.id());
      ObjectNode signals = node.putObject("signals");
      for (SignalRates rates : c.signals()) {
        ObjectNode s = signals.putObject(signalName(rates.signal()));
        for (Map.Entry<Measure, Double> e : rates.perSecond().entrySet()) {
          s.put(e.getKey().wireName(), e.getValue());
        }
        Double drop = rates.dropPercent();
        if (drop != null) {
          s.put("dropPercent", drop);
        }
      }
      Double size = c.queueSize();
      Double capacity = c.queueCapacity();
      if (size == null && capacity == null) {
        node.putNull("queue");
      } else {
        ObjectNode queue = node.putObject("queue");
        putNumber(queue, "size", size);
        putNumber(queue, "capacity", capacity);
        putNumber(queue, "fillPercent", c.queueFillPercent());
      }
    }
  }

  private static void putNumber(ObjectNode node, String field, @Nullable Double value) {
    if (value == null) {
      node.putNull(field);
    } else {
      node.put(field, value);
    }
  }

  private static String signalName(Signal signal) {
    return switch (signal) {
      case SPANS -> "spans";
      case METRIC_POINTS -> "metricPoints";
      case LOG_RECORDS -> "logRecords";
    };
  }
}
