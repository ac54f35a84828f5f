package io.linkmesh.domain.audit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A page request over the audit log, newest first.
 *
 * @param before only entries with a smaller sequence (the previous page's {@code next})
 */
public record AuditQuery(
    @Nullable String actor,
    @Nullable String action,
    @Nullable Instant since,
    @Nullable Instant until,
    @Nullable Long before,
    int limit) {
  public static final int MAX_LIMIT = 500;

  public AuditQuery {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be 1-" + MAX_LIMIT + ": " + limit);
    }
  }

  /**
   * This page of a log held in memory.
   *
   * @param entries the whole log, oldest first
   */
  public AuditPage page(List<AuditEntry> entries) {
    List<AuditEntry> items = new ArrayList<>();
    for (int i = entries.size() - 1; i >= 0; i--) {
      AuditEntry entry = entries.get(i);
      if (!accepts(entry)) {
        continue;
      }
      if (items.size() == limit) {
        return new AuditPage(items, items.get(items.size() - 1).sequence());
      }
      items.add(entry);
    }
    return new AuditPage(items, null);
  }

  public boolean accepts(AuditEntry entry) {
    return (actor == null || actor.equals(entry.actor()))
        && (action == null || action.equals(entry.action()))
        && (since == null || !entry.time().isBefore(since))
        && (until == null || entry.time().isBefore(until))
        && (before == null || entry.sequence() < before);
  }
}
