package io.linkmesh.http.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.linkmesh.domain.config.DesiredConfig;
import io.linkmesh.domain.enrollment.Role;
import io.linkmesh.domain.fleet.Collector;
import io.linkmesh.domain.fleet.CollectorEvent;
import io.linkmesh.domain.fleet.CollectorId;
import io.linkmesh.domain.fleet.CollectorRuntime;
import io.linkmesh.domain.fleet.EffectiveConfig;
import io.linkmesh.domain.port.in.CollectorFilter;
import io.linkmesh.domain.port.in.DeregisterCollectorCommand;
import io.linkmesh.domain.port.in.DeregisterCollectorUseCase;
import io.linkmesh.domain.port.in.FindDesiredConfigUseCase;
import io.linkmesh.domain.port.in.FleetQueries;
import io.linkmesh.domain.port.in.SetCollectorLabelsCommand;
import io.linkmesh.domain.port.in.SetCollectorLabelsUseCase;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** {@code /collectors}: the fleet, its labels, effective configs, events and deregistration. */
public final class CollectorRoutes {
  private static final TypeReference<Map<String, String>> LABELS = new TypeReference<>() {};

  private final FleetQueries fleet;
  private final SetCollectorLabelsUseCase labels;
  private final DeregisterCollectorUseCase deregister;
  private final FindDesiredConfigUseCase desired;

  public CollectorRoutes(
      FleetQueries fleet,
      SetCollectorLabelsUseCase labels,
      DeregisterCollectorUseCase deregister,
      FindDesiredConfigUseCase desired) {
    this.fleet = fleet;
    this.labels = labels;
    this.deregister = deregister;
    this.desired = desired;
  }

  public void register(Router router) {
    router
        .get("/collectors", Role.VIEWER, this::list)
        .get("/collectors/{id}", Role.VIEWER, this::one)
        .delete("/collectors/{id}", Role.OPERATOR, this::deregister)
        .get("/collectors/{id}/effective-config", Role.VIEWER, this::effectiveConfig)
        .get("/collectors/{id}/desired-config", Role.VIEWER, this::desiredConfig)
        .put("/collectors/{id}/labels", Role.OPERATOR, this::setLabels)
        .get("/collectors/{id}/events", Role.VIEWER, this::events);
  }

  private Reply list(Call call) {
    CollectorRuntime runtime = null;
    String runtimeName = call.query("runtime");
    if (runtimeName != null) {
      runtime =
          CollectorRuntime.parse(runtimeName)
              .orElseThrow(
                  () ->
                      ApiException.badRequest(
                          "query parameter 'runtime' must be otelcol or alloy"));
    }
    Map<String, String> labelFilter = new LinkedHashMap<>();
    for (String label : call.queryValues("label")) {
      int eq = label.indexOf('=');
      if (eq <= 0) {
        throw ApiException.badRequest("query parameter 'label' must be key=value: '" + label + "'");
      }
      String key = label.substring(0, eq);
      String value = label.substring(eq + 1);
      String before = labelFilter.put(key, value);
      if (before != null && !before.equals(value)) {
        throw ApiException.badRequest("label '" + key + "' is filtered on two values");
      }
    }
    CollectorFilter filter =
        new CollectorFilter(runtime, labelFilter, call.booleanQuery("connected"));
    ArrayNode items = Json.array();
    for (Collector collector : fleet.collectors(filter)) {
      items.add(Views.collector(collector));
    }
    ObjectNode out = Json.object();
    out.set("items", items);
    return Reply.ok(out);
  }

  private Reply one(Call call) {
    return Reply.ok(Views.collector(find(call)));
  }

  private Reply deregister(Call call) {
    CollectorId id = id(call);
    if (!deregister.deregister(new DeregisterCollectorCommand(call.actor(), id))) {
      throw noSuchCollector(id.value());
    }
    return Reply.noContent();
  }

  private Reply effectiveConfig(Call call) {
    Collector collector = find(call);
    EffectiveConfig effective = collector.live().effectiveConfig();
    if (effective == null) {
      throw ApiException.notFound(
          "collector " + collector.id() + " has not reported an effective config");
    }
    return Reply.text(effective.text());
  }

  private Reply desiredConfig(Call call) {
    Collector collector = find(call);
    Optional<DesiredConfig> config = desired.desiredConfig(collector.id());
    if (config.isEmpty()) {
      throw ApiException.notFound("no config matches collector " + collector.id());
    }
    return Reply.text(config.get().document())
        .withHeader("ETag", "\"" + config.get().hash().hex() + "\"");
  }

  private Reply setLabels(Call call) {
    CollectorId id = id(call);
    Map<String, String> newLabels = call.json(LABELS);
    Optional<Collector> updated =
        labels.setLabels(new SetCollectorLabelsCommand(call.actor(), id, newLabels));
    return Reply.ok(Views.collector(updated.orElseThrow(() -> noSuchCollector(id.value()))));
  }

  private Reply events(Call call) {
    Collector collector = find(call);
    int limit = call.intQuery("limit", 1, 1000, 100);
    ArrayNode items = Json.array();
    for (CollectorEvent event : fleet.events(collector.id(), limit)) {
      items.add(Views.event(event));
    }
    ObjectNode out = Json.object();
    out.set("items", items);
    return Reply.ok(out);
  }

  private Collector find(Call call) {
    CollectorId id = id(call);
    return fleet.collector(id).orElseThrow(() -> noSuchCollector(id.value()));
  }

  private static CollectorId id(Call call) {
    String value = call.param("id");
    if (!CollectorId.isValid(value)) {
      throw noSuchCollector(value);
    }
    return CollectorId.of(value);
  }

  private static ApiException noSuchCollector(String id) {
    String shown = id.length() > 80 ? id.substring(0, 80) + "..." : id;
    return ApiException.notFound("no collector '" + shown + "'");
  }
}
