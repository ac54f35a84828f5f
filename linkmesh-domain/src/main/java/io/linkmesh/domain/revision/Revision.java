package io.linkmesh.domain.revision;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** One immutable snapshot of the desired state: who made it, when, why, and what came before. */
public record Revision(
    RevisionId id, @Nullable RevisionId parent, String author, Instant time, String message) {
  public static final int MAX_MESSAGE = 4096;

  public Revision {
    requireNonNull(id, "id");
    requireNonNull(author, "author");
    requireNonNull(time, "time");
    requireNonNull(message, "message");
    if (message.length() > MAX_MESSAGE) {
      throw new IllegalArgumentException("revision message longer than " + MAX_MESSAGE);
    }
  }
}
