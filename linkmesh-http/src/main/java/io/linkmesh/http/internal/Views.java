package io.linkmesh.http.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.linkmesh.domain.audit.AuditEntry;
import io.linkmesh.domain.config.ConfigSpec;
import io.linkmesh.domain.enrollment.ApiToken;
import io.linkmesh.domain.enrollment.EnrollmentToken;
import io.linkmesh.domain.fleet.Collector;
import io.linkmesh.domain.fleet.CollectorEvent;
import io.linkmesh.domain.fleet.Health;
import io.linkmesh.domain.fleet.LiveState;
import io.linkmesh.domain.fleet.Transport;
import io.linkmesh.domain.revision.Revision;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Domain values as the JSON shapes of CONTRACT.md and the OpenAPI document. */
public final class Views {
  private Views() {}

  public static ObjectNode collector(Collector c) {
    LiveState live = c.live();
    ObjectNode node = Json.object();
    node.put("id", c.id().value());
    node.put("name", c.displayName());
    node.put("runtime", c.runtime().wireName());
    node.put("connected", live.connected());
    if (live.transport() == null) {
      node.putNull("transport");
    } else {
      node.put("transport", live.transport().wireName());
    }
    Json.putTime(node, "lastSeen", live.lastSeen());
    Json.putTime(node, "since", live.since());
    // A poller sees a change only when it next polls: show when that is due.
    if (live.pollInterval() == null || live.transport() == Transport.WEBSOCKET) {
      node.putNull("pollIntervalSeconds");
      node.putNull("nextPollBy");
    } else {
      node.put("pollIntervalSeconds", live.pollInterval().toSeconds());
      Json.putTime(
          node,
          "nextPollBy",
          live.connected() && live.lastSeen() != null
              ? live.lastSeen().plus(live.pollInterval())
              : null);
    }
    Json.putTime(node, "registeredAt", c.record().registeredAt());
    node.set("attributes", Json.stringMap(c.attributes()));
    node.set("labels", Json.stringMap(c.labels()));
    if (live.health() == null) {
      node.putNull("health");
    } else {
      node.set("health", health(live.health()));
    }
    putHash(node, "desiredConfigHash", c.desiredConfigHash());
    putHash(node, "appliedConfigHash", live.appliedHash());
    ObjectNode status = node.putObject("remoteConfigStatus");
    status.put("status", live.remoteConfigStatus().state().name());
    status.put("errorMessage", live.remoteConfigStatus().errorMessage());
    node.put("replica", live.replica());
    return node;
  }

  private static ObjectNode health(Health health) {
    ObjectNode node = Json.object();
    node.put("healthy", health.healthy());
    node.put("status", health.status());
    node.put("lastError", health.lastError());
    if (!health.components().isEmpty()) {
      ObjectNode components = node.putObject("components");
      for (Map.Entry<String, Health> e : health.components().entrySet()) {
        components.set(e.getKey(), health(e.getValue()));
      }
    }
    return node;
  }

  private static void putHash(ObjectNode node, String field, @Nullable Object hash) {
    if (hash == null) {
      node.putNull(field);
    } else {
      node.put(field, hash.toString());
    }
  }

  public static ObjectNode config(ConfigSpec spec) {
    ObjectNode node = Json.object();
    node.put("name", spec.name().value());
    node.put("runtime", spec.runtime().wireName());
    node.set("selector", Json.stringMap(spec.selector().matchers()));
    node.put("content", spec.content());
    return node;
  }

  public static ObjectNode revision(Revision revision) {
    ObjectNode node = Json.object();
    node.put("id", revision.id().value());
    if (revision.parent() == null) {
      node.putNull("parent");
    } else {
      node.put("parent", revision.parent().value());
    }
    node.put("author", revision.author());
    node.put("time", revision.time().toString());
    node.put("message", revision.message());
    return node;
  }

  public static ObjectNode enrollmentToken(EnrollmentToken token, Instant now) {
    ObjectNode node = Json.object();
    node.put("id", token.id());
    node.put("createdAt", token.createdAt().toString());
    node.put("expiresAt", token.expiresAt().toString());
    node.put("maxUses", token.maxUses());
    node.put("uses", token.uses());
    node.set("labels", Json.stringMap(token.labels()));
    node.put("createdBy", token.createdBy());
    node.put("revoked", token.revoked());
    node.put("acceptsNew", token.acceptsNewCollector(now));
    return node;
  }

  public static ObjectNode apiToken(ApiToken token, @Nullable Instant lastUsed) {
    ObjectNode node = Json.object();
    node.put("id", token.id());
    node.put("name", token.name());
    node.put("role", token.role().wireName());
    node.put("createdAt", token.createdAt().toString());
    Json.putTime(node, "expiresAt", token.expiresAt());
    node.put("createdBy", token.createdBy());
    Json.putTime(node, "lastUsed", lastUsed);
    return node;
  }

  public static ObjectNode auditEntry(AuditEntry entry) {
    ObjectNode node = Json.object();
    node.put("sequence", entry.sequence());
    node.put("time", entry.time().toString());
    node.put("actor", entry.actor());
    node.put("action", entry.action());
    node.put("target", entry.target());
    node.put("address", entry.address());
    node.put("outcome", entry.outcome());
    node.put("detail", entry.detail());
    return node;
  }

  public static ObjectNode event(CollectorEvent event) {
    ObjectNode node = Json.object();
    node.put("type", event.type().wireName());
    node.put("time", event.time().toString());
    node.put("detail", event.detail());
    return node;
  }
}
