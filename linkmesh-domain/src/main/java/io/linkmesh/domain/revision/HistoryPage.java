package io.linkmesh.domain.revision;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A page of history, newest first.
 *
 * @param next where the following page starts, null on the last page
 */
public record HistoryPage(List<Revision> items, @Nullable RevisionId next) {
  public static final int MAX_LIMIT = 500;

  public HistoryPage {
    items = List.copyOf(items);
  }
}
