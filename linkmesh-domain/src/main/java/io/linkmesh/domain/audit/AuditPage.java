package io.linkmesh.domain.audit;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A page of audit entries, newest first.
 *
 * @param next the {@code before} of the following page, null on the last page
 */
public record AuditPage(List<AuditEntry> items, @Nullable Long next) {
  public AuditPage {
    items = List.copyOf(items);
  }
}
