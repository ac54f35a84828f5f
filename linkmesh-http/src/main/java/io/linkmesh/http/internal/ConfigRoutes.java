package io.linkmesh.http.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.linkmesh.domain.config.ConfigName;
import io.linkmesh.domain.config.ConfigSpec;
import io.linkmesh.domain.config.Selector;
import io.linkmesh.domain.config.ValidationProblem;
import io.linkmesh.domain.enrollment.Role;
import io.linkmesh.domain.fleet.CollectorRuntime;
import io.linkmesh.domain.port.in.ConfigQueries;
import io.linkmesh.domain.port.in.DeleteConfigCommand;
import io.linkmesh.domain.port.in.DeleteConfigOutcome;
import io.linkmesh.domain.port.in.DeleteConfigUseCase;
import io.linkmesh.domain.port.in.PutConfigCommand;
import io.linkmesh.domain.port.in.PutConfigOutcome;
import io.linkmesh.domain.port.in.PutConfigUseCase;
import io.linkmesh.domain.revision.Revision;
import io.linkmesh.domain.revision.RevisionId;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * {@code /configs}: create or replace with optimistic concurrency ({@code If-Match: "<revision
 * id>"}), read, list, delete.
 */
public final class ConfigRoutes {
  private final PutConfigUseCase put;
  private final DeleteConfigUseCase delete;
  private final ConfigQueries configs;

  /** The body of {@code PUT /configs/{name}}: {@code content} or (later) {@code pipeline}. */
  public record PutRequest(
      @Nullable String runtime,
      @Nullable Map<String, String> selector,
      @Nullable String content,
      @Nullable JsonNode pipeline,
      @Nullable String message) {}

  public ConfigRoutes(PutConfigUseCase put, DeleteConfigUseCase delete, ConfigQueries configs) {
    this.put = put;
    this.delete = delete;
    this.configs = configs;
  }

  public void register(Router router) {
    router
        .get("/configs", Role.VIEWER, this::list)
        .get("/configs/{name}", Role.VIEWER, this::one)
        .put("/configs/{name}", Role.OPERATOR, this::put)
        .delete("/configs/{name}", Role.OPERATOR, this::delete);
  }

  private Reply list(Call call) {
    ArrayNode items = Json.array();
    for (ConfigSpec spec : configs.configs()) {
      items.add(Views.config(spec));
    }
    ObjectNode out = Json.object();
    out.set("items", items);
    Optional<Revision> head = configs.head();
    if (head.isPresent()) {
      out.put("revision", head.get().id().value());
    } else {
      out.putNull("revision");
    }
    return withETag(Reply.ok(out), head.map(Revision::id).orElse(null));
  }

  private Reply one(Call call) {
    ConfigName name = name(call);
    ConfigSpec spec = configs.config(name).orElseThrow(() -> noSuchConfig(name));
    return withETag(Reply.ok(Views.config(spec)), configs.head().map(Revision::id).orElse(null));
  }

  private Reply put(Call call) {
    ConfigName name = name(call);
    RevisionId ifMatch = call.ifMatch();
    PutRequest request = call.json(PutRequest.class, false);
    if (request.runtime() == null) {
      throw ApiException.badRequest("field 'runtime' is required: otelcol or alloy");
    }
    CollectorRuntime runtime =
        CollectorRuntime.parse(request.runtime())
            .orElseThrow(() -> ApiException.badRequest("field 'runtime' must be otelcol or alloy"));
    if (request.pipeline() != null && request.content() != null) {
      throw ApiException.badRequest("send either 'content' or 'pipeline', not both");
    }
    if (request.pipeline() != null) {
      throw new ApiException(
          422,
          "pipeline_not_supported",
          "this server does not render pipeline configs yet; send the raw text as 'content'");
    }
    if (request.content() == null) {
      throw ApiException.badRequest("field 'content' is required");
    }
    if (request.message() != null && request.message().length() > Revision.MAX_MESSAGE) {
      throw ApiException.badRequest("message is longer than " + Revision.MAX_MESSAGE);
    }
    Selector selector = Selector.of(request.selector() == null ? Map.of() : request.selector());
    ConfigSpec spec = new ConfigSpec(name, runtime, selector, request.content());
    PutConfigOutcome outcome =
        put.put(new PutConfigCommand(call.actor(), spec, ifMatch, request.message()));
    if (outcome instanceof PutConfigOutcome.Published published) {
      return saved(published.spec(), published.revision().id(), false);
    }
    if (outcome instanceof PutConfigOutcome.Unchanged unchanged) {
      return saved(unchanged.spec(), unchanged.head(), true);
    }
    if (outcome instanceof PutConfigOutcome.Invalid invalid) {
      throw invalid(runtime, invalid);
    }
    PutConfigOutcome.Conflict conflict = (PutConfigOutcome.Conflict) outcome;
    throw conflict(name, ifMatch, conflict.head());
  }

  private Reply delete(Call call) {
    ConfigName name = name(call);
    RevisionId ifMatch = call.ifMatch();
    DeleteConfigOutcome outcome =
        delete.delete(new DeleteConfigCommand(call.actor(), name, ifMatch, null));
    if (outcome instanceof DeleteConfigOutcome.Deleted deleted) {
      ObjectNode out = Json.object();
      out.put("revision", deleted.revision().id().value());
      return withETag(Reply.ok(out), deleted.revision().id());
    }
    if (outcome instanceof DeleteConfigOutcome.Conflict conflict) {
      throw conflict(name, ifMatch, conflict.head());
    }
    throw noSuchConfig(name);
  }

  private static Reply saved(ConfigSpec spec, RevisionId revision, boolean unchanged) {
    ObjectNode out = Json.object();
    out.set("config", Views.config(spec));
    out.put("revision", revision.value());
    out.put("unchanged", unchanged);
    return withETag(Reply.ok(out), revision);
  }

  private static ApiException invalid(CollectorRuntime runtime, PutConfigOutcome.Invalid invalid) {
    ObjectNode details = Json.object();
    ArrayNode problems = details.putArray("problems");
    for (ValidationProblem problem : invalid.problems()) {
      ObjectNode p = problems.addObject();
      p.put("line", problem.line());
      p.put("column", problem.column());
      p.put("message", problem.message());
    }
    String first = invalid.problems().isEmpty() ? "" : ": " + invalid.problems().get(0);
    return new ApiException(
        422,
        "invalid_config",
        "the " + runtime.wireName() + " config is not valid" + first,
        details);
  }

  private static ApiException conflict(
      ConfigName name, @Nullable RevisionId ifMatch, RevisionId head) {
    ObjectNode details = Json.object();
    details.put("head", head.value());
    return new ApiException(
        409,
        "conflict",
        "config "
            + name
            + " changed since "
            + (ifMatch == null ? "it was read" : "revision " + ifMatch)
            + "; the head is now "
            + head
            + ": read it again and reapply your edit",
        details);
  }

  private static Reply withETag(Reply reply, @Nullable RevisionId revision) {
    return revision == null ? reply : reply.withHeader("ETag", "\"" + revision.value() + "\"");
  }

  private static ConfigName name(Call call) {
    String value = call.param("name");
    if (!ConfigName.isValid(value)) {
      throw ApiException.badRequest(
          "config name must be 1-63 characters of [a-z0-9._-] starting with a letter or digit");
    }
    return ConfigName.of(value);
  }

  private static ApiException noSuchConfig(ConfigName name) {
    return ApiException.notFound("no config '" + name + "'");
  }
}
