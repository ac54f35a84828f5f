package io.linkmesh.http.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.linkmesh.domain.audit.AuditEntry;
import io.linkmesh.domain.audit.AuditPage;
import io.linkmesh.domain.audit.AuditQuery;
import io.linkmesh.domain.enrollment.Role;
import io.linkmesh.domain.port.in.AuditQueries;
import java.time.Instant;

/** {@code /audit}: the audit log, newest first, paged, filtered by actor, action and time. */
public final class AuditRoutes {
  static final int DEFAULT_LIMIT = 100;

  private final AuditQueries audit;

  public AuditRoutes(AuditQueries audit) {
    this.audit = audit;
  }

  public void register(Router router) {
    router.get("/audit", Role.VIEWER, this::query);
  }

  private Reply query(Call call) {
    int limit = call.intQuery("limit", 1, AuditQuery.MAX_LIMIT, DEFAULT_LIMIT);
    Long before = null;
    String beforeValue = call.query("before");
    if (beforeValue != null) {
      try {
        before = Long.parseLong(beforeValue);
      } catch (NumberFormatException e) {
        throw ApiException.badRequest("query parameter 'before' must be a sequence number");
      }
      if (before < 1) {
        throw ApiException.badRequest("query parameter 'before' must be a sequence number");
      }
    }
    Instant since = call.timeQuery("since");
    Instant until = call.timeQuery("until");
    if (since != null && until != null && until.isBefore(since)) {
      throw ApiException.badRequest("'until' is before 'since'");
    }
    AuditPage page =
        audit.audit(
            new AuditQuery(call.query("actor"), call.query("action"), since, until, before, limit));
    ArrayNode items = Json.array();
    for (AuditEntry entry : page.items()) {
      items.add(Views.auditEntry(entry));
    }
    ObjectNode out = Json.object();
    out.set("items", items);
    if (page.next() == null) {
      out.putNull("next");
    } else {
      out.put("next", page.next());
    }
    return Reply.ok(out);
  }
}
