package io.linkmesh.domain.internal;

import io.linkmesh.domain.audit.Actor;
import io.linkmesh.domain.audit.AuditAction;
import io.linkmesh.domain.enrollment.EnrollmentToken;
import io.linkmesh.domain.enrollment.TokenKind;
import io.linkmesh.domain.enrollment.TokenParts;
import io.linkmesh.domain.fleet.CollectorId;
import io.linkmesh.domain.fleet.CollectorRecord;
import io.linkmesh.domain.port.in.ConnectCollectorCommand;
import io.linkmesh.domain.port.in.ConnectCollectorCommand.CredentialRequest;
import io.linkmesh.domain.port.in.ConnectOutcome;
import io.linkmesh.domain.port.in.Refusal;
import io.linkmesh.domain.port.out.SecretGenerator;
import io.linkmesh.domain.port.out.StoreException;
import io.linkmesh.domain.revision.Change;
import io.linkmesh.domain.revision.StateCodec;
import io.linkmesh.domain.revision.StatePaths;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Registers new collectors in batches: registrations that arrive while a commit is being made
 * durable go into the next commit together, so a fleet enrolling at once costs one store commit
 * (one fsync) per batch instead of one per collector.
 *
 * <p>Whoever finds no batch in progress becomes the leader and commits everything queued; the
 * others wait for their answer. The callers' own threads do the work; nothing here starts a thread.
 *
 * <p>A collector that can take a credential of its own gets it in the same commit, so enrolling
 * costs no second write per collector.
 */
final class RegistrationBatcher {
  /** The most registrations one commit carries. */
  static final int MAX_BATCH = 512;

  /**
   * How long a waiting registration sleeps before it checks for a missing leader. Not a polling
   * interval: hundreds of connections wait here while a fleet enrolls, and waking each of them
   * every few milliseconds costs a core.
   */
  private static final long WAIT_FOR_LEADER_MILLIS = 100;

  /** What became of an attempt to register a new collector. */
  sealed interface Registration {
    /**
     * @param credential the collector's own credential token when the connection asked for one; it
     *     was issued in the same commit as the registration
     */
    record Registered(CollectorRecord record, @Nullable String credential)
        implements Registration {}

    record Turned(ConnectOutcome.Refused refusal) implements Registration {}

    static Registration turned(Refusal reason, String message) {
      return new Turned(new ConnectOutcome.Refused(reason, message));
    }
  }

  /**
   * One registration waiting for its batch. Equal only to itself: it keys maps, and a record's hash
   * would hash the command's authentication, whose enrolled set a multi-use token grows to
   * thousands of ids.
   */
  private static final class Pending {
    private final ConnectCollectorCommand command;
    private final String tokenId;
    private final CompletableFuture<Registration> answer = new CompletableFuture<>();

    Pending(ConnectCollectorCommand command, String tokenId) {
      this.command = command;
      this.tokenId = tokenId;
    }

    ConnectCollectorCommand command() {
      return command;
    }

    String tokenId() {
      return tokenId;
    }

    CompletableFuture<Registration> answer() {
      return answer;
    }
  }

  private record Accepted(CollectorRecord record, @Nullable String credential) {}

  private final DesiredStateKeeper state;
  private final SecretGenerator secrets;
  private final Auditor auditor;
  private final Function<EnrollmentToken, Registration> refusedToken;
  private final ReentrantLock leader = new ReentrantLock();
  private final ArrayDeque<Pending> queue = new ArrayDeque<>();

  /**
   * @param refusedToken why a token that no longer accepts new collectors refuses one
   */
  RegistrationBatcher(
      DesiredStateKeeper state,
      SecretGenerator secrets,
      Auditor auditor,
      Function<EnrollmentToken, Registration> refusedToken) {
    this.state = state;
    this.secrets = secrets;
    this.auditor = auditor;
    this.refusedToken = refusedToken;
  }

  Registration register(ConnectCollectorCommand command, String tokenId) {
    Pending mine = new Pending(command, tokenId);
    synchronized (queue) {
      queue.add(mine);
    }
    while (true) {
      // Lead while there is work: a registration queued just before the previous leader let go
      // found the lead taken and is waiting for one, so whoever finishes a round looks again.
      if ((!mine.answer().isDone() || hasQueued()) && leader.tryLock()) {
        try {
          drain();
        } finally {
          leader.unlock();
        }
        continue;
      }
      if (mine.answer().isDone()) {
        return mine.answer().join();
      }
      try {
        // Normally answered by the leader; the timeout only bounds a wait that nothing else ends.
        return mine.answer().get(WAIT_FOR_LEADER_MILLIS, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        // Try to lead.
      } catch (ExecutionException e) {
        throw new IllegalStateException("registration failed", e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Registration.turned(Refusal.UNAVAILABLE, "interrupted while registering");
      }
    }
  }

  private boolean hasQueued() {
    synchronized (queue) {
      return !queue.isEmpty();
    }
  }

  private void drain() {
    while (true) {
      List<Pending> batch = new ArrayList<>();
      synchronized (queue) {
        while (!queue.isEmpty() && batch.size() < MAX_BATCH) {
          batch.add(queue.poll());
        }
      }
      if (batch.isEmpty()) {
        return;
      }
      try {
        commit(batch);
      } catch (RuntimeException e) {
        for (Pending p : batch) {
          p.answer().completeExceptionally(e);
        }
      }
    }
  }

  private void commit(List<Pending> batch) {
    Map<Pending, Accepted> accepted = new LinkedHashMap<>();
    Boolean committed;
    try {
      committed =
          state.write(
              head -> {
                accepted.clear();
                List<Change> changes = plan(batch, accepted);
                if (changes.isEmpty()) {
                  return StateWrite.nothing(() -> Boolean.FALSE);
                }
                return StateWrite.<Boolean>of(changes)
                    .author(
                        accepted.size() == 1
                            ? "collector:" + accepted.values().iterator().next().record().id()
                            : StateWrite.SERVER)
                    .message(message(accepted))
                    .whenCommitted(revision -> Boolean.TRUE)
                    .otherwise(() -> Boolean.FALSE);
              });
    } catch (StoreException e) {
      for (Pending p : accepted.keySet()) {
        p.answer()
            .complete(Registration.turned(Refusal.UNAVAILABLE, "registration store unavailable"));
      }
      return;
    }
    if (Boolean.TRUE.equals(committed)) {
      List<Auditor.Pending> entries = new ArrayList<>(accepted.size());
      for (Pending p : accepted.keySet()) {
        entries.add(
            new Auditor.Pending(
                new Actor("collector:" + p.command().id(), p.command().address()),
                AuditAction.COLLECTOR_ENROLL,
                p.command().id().value(),
                "ok",
                "token " + p.tokenId() + ", runtime " + p.command().runtime().wireName()));
      }
      auditor.recordAll(entries);
    }
    for (Map.Entry<Pending, Accepted> e : accepted.entrySet()) {
      Pending p = e.getKey();
      if (Boolean.TRUE.equals(committed)) {
        p.answer()
            .complete(
                new Registration.Registered(e.getValue().record(), e.getValue().credential()));
      } else {
        p.answer()
            .complete(
                Registration.turned(
                    Refusal.USED_UP, "enrollment token was used concurrently; try again"));
      }
    }
  }

  /**
   * Decides each registration in order, as if they were committed one by one: a token's uses count
   * up within the batch, and the same collector id twice keeps only the first.
   */
  private List<Change> plan(List<Pending> batch, Map<Pending, Accepted> accepted) {
    Instant now = state.clock().instant();
    Map<String, Optional<EnrollmentToken>> tokens = new HashMap<>();
    Set<CollectorId> ids = new HashSet<>();
    Set<String> usedTokens = new HashSet<>();
    List<Change> changes = new ArrayList<>();
    for (Pending p : batch) {
      CollectorId id = p.command().id();
      Optional<EnrollmentToken> token = tokens.computeIfAbsent(p.tokenId(), state::enrollmentToken);
      if (token.isEmpty()) {
        p.answer()
            .complete(Registration.turned(Refusal.UNAUTHENTICATED, "unknown enrollment token"));
        continue;
      }
      if (state.collector(id).isPresent() || !ids.add(id)) {
        p.answer()
            .complete(
                Registration.turned(
                    Refusal.WRONG_COLLECTOR, "collector " + id + " registered concurrently"));
        continue;
      }
      if (!token.get().acceptsNewCollector(now)) {
        ids.remove(id);
        p.answer().complete(refusedToken.apply(token.get()));
        continue;
      }
      CollectorRecord record =
          new CollectorRecord(
              id,
              p.command().runtime(),
              p.command().name(),
              p.command().attributes(),
              token.get().labels(),
              now,
              p.tokenId(),
              null,
              null,
              null);
      String credential = null;
      if (p.command().credential() != CredentialRequest.NONE) {
        TokenParts parts =
            new TokenParts(TokenKind.COLLECTOR_CREDENTIAL, secrets.newId(), secrets.newSecret());
        record = record.withCredential(parts.id(), parts.hash());
        credential = parts.token();
      }
      tokens.put(p.tokenId(), Optional.of(token.get().withOneMoreUse()));
      usedTokens.add(p.tokenId());
      changes.add(Change.put(StatePaths.collector(id), StateCodec.encode(record)));
      accepted.put(p, new Accepted(record, credential));
    }
    for (String tokenId : usedTokens) {
      changes.add(
          Change.put(
              StatePaths.enrollmentToken(tokenId),
              StateCodec.encode(tokens.get(tokenId).orElseThrow())));
    }
    return changes;
  }

  private static String message(Map<Pending, Accepted> accepted) {
    if (accepted.size() == 1) {
      CollectorRecord r = accepted.values().iterator().next().record();
      return "Register " + r.runtime().wireName() + " collector " + r.id();
    }
    StringBuilder out = new StringBuilder("Register " + accepted.size() + " collectors: ");
    int shown = 0;
    for (Accepted a : accepted.values()) {
      CollectorRecord r = a.record();
      if (shown == 10) {
        out.append(", ...");
        break;
      }
      out.append(shown == 0 ? "" : ", ").append(r.id());
      shown++;
    }
    return out.toString();
  }
}
