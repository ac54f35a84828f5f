package io.linkmesh.domain.internal;

import static java.util.Objects.requireNonNull;

import io.linkmesh.domain.revision.Change;
import io.linkmesh.domain.revision.Revision;
import io.linkmesh.domain.revision.RevisionId;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * What one write through {@link DesiredStateKeeper#write} commits and what it answers for each
 * result. Built by name so that a call site reads as what it does:
 *
 * <pre>{@code
 * StateWrite.<Boolean>of(Change.delete(StatePaths.apiToken(id)))
 *     .author(actor.name())
 *     .message("Revoke API token " + id)
 *     .whenCommitted(revision -> true)
 *     .otherwise(() -> false);
 * }</pre>
 *
 * <p>Until set, the answers throw {@link IllegalStateException}: a write that can only commit (a
 * fresh token id) need name no other case.
 *
 * @param changes what to commit; empty writes nothing and answers {@code onUnchanged}
 * @param base the revision the changes apply to (an operator's If-Match); null: the current head
 * @param author who the commit is attributed to
 * @param message the commit message
 * @param onCommitted the answer once the changes are durable
 * @param onConflict the answer when the store's head is no longer {@code base}, given that head
 * @param onUnchanged the answer when there was nothing to commit
 */
public record StateWrite<T>(
    List<Change> changes,
    @Nullable RevisionId base,
    String author,
    String message,
    Function<Revision, T> onCommitted,
    Function<RevisionId, T> onConflict,
    Supplier<T> onUnchanged) {

  /** The author of writes the server makes on its own behalf. */
  public static final String SERVER = "linkmesh";

  public StateWrite {
    changes = List.copyOf(changes);
    requireNonNull(author, "author");
    requireNonNull(message, "message");
    requireNonNull(onCommitted, "onCommitted");
    requireNonNull(onConflict, "onConflict");
    requireNonNull(onUnchanged, "onUnchanged");
  }

  /** Commits {@code changes} on the head, as the server, once a message is given. */
  public static <T> StateWrite<T> of(List<Change> changes) {
    return new StateWrite<>(
        changes,
        null,
        SERVER,
        "",
        revision -> {
          throw new IllegalStateException("no answer for a committed write");
        },
        head -> {
          throw new IllegalStateException("no answer for a conflicting write");
        },
        () -> {
          throw new IllegalStateException("no answer for an unchanged write");
        });
  }

  /** Commits one change. */
  public static <T> StateWrite<T> of(Change change) {
    return of(List.of(change));
  }

  /** Writes nothing and answers {@code answer}. */
  public static <T> StateWrite<T> nothing(Supplier<T> answer) {
    return StateWrite.<T>of(List.of()).whenUnchanged(answer);
  }

  /** Commits only if the head is still {@code base} (null: whatever the head is). */
  public StateWrite<T> base(@Nullable RevisionId base) {
    return new StateWrite<>(changes, base, author, message, onCommitted, onConflict, onUnchanged);
  }

  public StateWrite<T> author(String author) {
    return new StateWrite<>(changes, base, author, message, onCommitted, onConflict, onUnchanged);
  }

  public StateWrite<T> message(String message) {
    return new StateWrite<>(changes, base, author, message, onCommitted, onConflict, onUnchanged);
  }

  public StateWrite<T> whenCommitted(Function<Revision, T> answer) {
    return new StateWrite<>(changes, base, author, message, answer, onConflict, onUnchanged);
  }

  public StateWrite<T> whenConflicted(Function<RevisionId, T> answer) {
    return new StateWrite<>(changes, base, author, message, onCommitted, answer, onUnchanged);
  }

  public StateWrite<T> whenUnchanged(Supplier<T> answer) {
    return new StateWrite<>(changes, base, author, message, onCommitted, onConflict, answer);
  }

  /** The same answer on a conflict and when nothing changed. */
  public StateWrite<T> otherwise(Supplier<T> answer) {
    return whenConflicted(head -> answer.get()).whenUnchanged(answer);
  }
}
