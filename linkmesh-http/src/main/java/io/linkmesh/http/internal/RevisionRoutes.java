package io.linkmesh.http.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.linkmesh.domain.config.ConfigSpec;
import io.linkmesh.domain.enrollment.Role;
import io.linkmesh.domain.port.in.RestoreOutcome;
import io.linkmesh.domain.port.in.RestoreRevisionCommand;
import io.linkmesh.domain.port.in.RestoreRevisionUseCase;
import io.linkmesh.domain.port.in.RevisionQueries;
import io.linkmesh.domain.revision.HistoryPage;
import io.linkmesh.domain.revision.InvalidStateException;
import io.linkmesh.domain.revision.Revision;
import io.linkmesh.domain.revision.RevisionDiff;
import io.linkmesh.domain.revision.RevisionId;
import io.linkmesh.domain.revision.StateCodec;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code /revisions}: paged history, one revision with its configs, diff (secret verifiers
 * redacted), restore.
 */
public final class RevisionRoutes {
  static final int DEFAULT_LIMIT = 50;

  private final RevisionQueries revisions;
  private final RestoreRevisionUseCase restore;

  public RevisionRoutes(RevisionQueries revisions, RestoreRevisionUseCase restore) {
    this.revisions = revisions;
    this.restore = restore;
  }

  public void register(Router router) {
    router
        .get("/revisions", Role.VIEWER, this::history)
        .get("/revisions/{id}", Role.VIEWER, this::one)
        .get("/revisions/{id}/diff", Role.VIEWER, this::diff)
        .post("/revisions/{id}/restore", Role.OPERATOR, this::restore);
  }

  private Reply history(Call call) {
    int limit = call.intQuery("limit", 1, HistoryPage.MAX_LIMIT, DEFAULT_LIMIT);
    String from = call.query("from");
    RevisionId start = null;
    if (from != null) {
      start = parse(from, "from");
      if (revisions.revision(start).isEmpty()) {
        throw ApiException.notFound("no revision '" + from + "'");
      }
    }
    HistoryPage page = revisions.history(start, limit);
    ArrayNode items = Json.array();
    for (Revision revision : page.items()) {
      items.add(Views.revision(revision));
    }
    ObjectNode out = Json.object();
    out.set("items", items);
    if (page.next() == null) {
      out.putNull("next");
    } else {
      out.put("next", page.next().value());
    }
    return Reply.ok(out);
  }

  private Reply one(Call call) {
    RevisionId id = id(call);
    Revision revision = revisions.revision(id).orElseThrow(() -> noSuchRevision(id.value()));
    ObjectNode out = Views.revision(revision);
    ArrayNode configs = out.putArray("configs");
    Map<String, String> documents = revisions.configsAt(id).orElse(Map.of());
    for (String text : documents.values()) {
      try {
        ConfigSpec spec = StateCodec.decodeConfig(text);
        configs.add(Views.config(spec));
      } catch (InvalidStateException e) {
        // A document someone wrote by hand into the Git store; the diff still shows it.
        continue;
      }
    }
    return Reply.ok(out);
  }

  private Reply diff(Call call) {
    RevisionId id = id(call);
    String againstValue = call.query("against");
    RevisionId against = againstValue == null ? null : parse(againstValue, "against");
    RevisionDiff diff =
        revisions
            .diff(id, against)
            .orElseThrow(
                () ->
                    noSuchRevision(
                        against != null && revisions.revision(id).isPresent()
                            ? against.value()
                            : id.value()));
    StringBuilder unified = new StringBuilder();
    ArrayNode entries = Json.array();
    for (RevisionDiff.Entry stored : diff.entries()) {
      // Secret verifiers are redacted for every role, admin included: no one needs them here.
      RevisionDiff.Entry entry =
          new RevisionDiff.Entry(
              stored.path(), stored.kind(), redact(stored.before()), redact(stored.after()));
      String text = UnifiedDiff.of(entry);
      unified.append(text);
      ObjectNode node = entries.addObject();
      node.put("path", entry.path());
      node.put("kind", entry.kind().name().toLowerCase(Locale.ROOT));
      putText(node, "before", entry.before());
      putText(node, "after", entry.after());
      node.put("unifiedDiff", text);
    }
    String format = call.query("format");
    if ("unified".equals(format)) {
      return Reply.text(200, "text/x-diff; charset=utf-8", unified.toString());
    }
    if (format != null && !format.equals("json")) {
      throw ApiException.badRequest("query parameter 'format' must be json or unified");
    }
    ObjectNode out = Json.object();
    if (diff.from() == null) {
      out.putNull("from");
    } else {
      out.put("from", diff.from().value());
    }
    out.put("to", diff.to().value());
    out.set("entries", entries);
    out.put("unifiedDiff", unified.toString());
    return Reply.ok(out);
  }

  private Reply restore(Call call) {
    RevisionId id = id(call);
    RevisionId ifMatch = call.ifMatch();
    RestoreOutcome outcome = restore.restore(new RestoreRevisionCommand(call.actor(), id, ifMatch));
    if (outcome instanceof RestoreOutcome.Restored restored) {
      return restoredReply(restored.revision().id(), id, false);
    }
    if (outcome instanceof RestoreOutcome.Unchanged unchanged) {
      return restoredReply(unchanged.head(), id, true);
    }
    if (outcome instanceof RestoreOutcome.Conflict conflict) {
      ObjectNode details = Json.object();
      details.put("head", conflict.head().value());
      throw new ApiException(
          409,
          "conflict",
          "the configs changed since revision "
              + (ifMatch == null ? "you read" : ifMatch.value())
              + "; the head is now "
              + conflict.head(),
          details);
    }
    throw noSuchRevision(id.value());
  }

  private Reply restoredReply(RevisionId revision, RevisionId restoredFrom, boolean unchanged) {
    ObjectNode out = Json.object();
    Revision made = revisions.revision(revision).orElse(null);
    if (made != null) {
      out.set("revision", Views.revision(made));
    } else {
      out.putObject("revision").put("id", revision.value());
    }
    out.put("restoredFrom", restoredFrom.value());
    out.put("unchanged", unchanged);
    return Reply.ok(out).withHeader("ETag", "\"" + revision.value() + "\"");
  }

  private static @Nullable String redact(@Nullable String document) {
    return document == null ? null : StateCodec.redactSecrets(document);
  }

  private static void putText(ObjectNode node, String field, @Nullable String text) {
    if (text == null) {
      node.putNull(field);
    } else {
      node.put(field, text);
    }
  }

  private static RevisionId id(Call call) {
    String value = call.param("id");
    if (!RevisionId.isValid(value)) {
      throw noSuchRevision(value);
    }
    return RevisionId.of(value);
  }

  private static RevisionId parse(String value, String parameter) {
    if (!RevisionId.isValid(value)) {
      throw ApiException.badRequest("query parameter '" + parameter + "' is not a revision id");
    }
    return RevisionId.of(value);
  }

  private static ApiException noSuchRevision(String id) {
    return ApiException.notFound(
        "no revision '" + (id.length() > 80 ? id.substring(0, 80) + "..." : id) + "'");
  }
}
