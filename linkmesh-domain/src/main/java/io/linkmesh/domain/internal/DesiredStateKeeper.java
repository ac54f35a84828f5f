package io.linkmesh.domain.internal;

import static java.util.Objects.requireNonNull;

import io.linkmesh.domain.config.ConfigName;
import io.linkmesh.domain.config.ConfigSpec;
import io.linkmesh.domain.enrollment.ApiToken;
import io.linkmesh.domain.enrollment.EnrollmentToken;
import io.linkmesh.domain.fleet.CollectorId;
import io.linkmesh.domain.fleet.CollectorRecord;
import io.linkmesh.domain.port.out.RevisionStore;
import io.linkmesh.domain.port.out.StoreException;
import io.linkmesh.domain.revision.Change;
import io.linkmesh.domain.revision.Commit;
import io.linkmesh.domain.revision.CommitResult;
import io.linkmesh.domain.revision.DesiredState;
import io.linkmesh.domain.revision.Revision;
import io.linkmesh.domain.revision.RevisionId;
import io.linkmesh.domain.revision.StateCodec;
import io.linkmesh.domain.revision.StateFormat;
import io.linkmesh.domain.revision.StatePaths;
import java.time.Clock;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * Holds the head revision's state in memory for fast reads, and makes every write through the
 * {@link RevisionStore}. Writes are serialised here; reads never wait.
 *
 * <p>Large parts of the state (collectors, tokens) live in concurrent maps updated after each
 * commit, so one enrollment costs one document, not a copy of the whole fleet.
 */
public final class DesiredStateKeeper {
  /** What a write or an external change touched. */
  public record StateChange(
      boolean configsChanged,
      Set<CollectorId> collectorsChanged,
      Set<CollectorId> collectorsRemoved) {
    public StateChange {
      collectorsChanged = Set.copyOf(collectorsChanged);
      collectorsRemoved = Set.copyOf(collectorsRemoved);
    }

    boolean isEmpty() {
      return !configsChanged && collectorsChanged.isEmpty() && collectorsRemoved.isEmpty();
    }
  }

  private final RevisionStore store;
  private final Clock clock;
  private final ReentrantLock writeLock = new ReentrantLock();
  private final List<java.util.function.Consumer<StateChange>> listeners =
      new CopyOnWriteArrayList<>();

  private volatile @Nullable Revision head;
  private volatile ConfigSet configs = ConfigSet.EMPTY;
  private final Map<CollectorId, CollectorRecord> collectors = new ConcurrentHashMap<>();
  private final Map<String, EnrollmentToken> enrollmentTokens = new ConcurrentHashMap<>();
  private final Map<String, ApiToken> apiTokens = new ConcurrentHashMap<>();
  private final Map<String, CollectorId> byCredential = new ConcurrentHashMap<>();
  private final Map<String, Set<CollectorId>> byEnrollmentToken = new ConcurrentHashMap<>();
  private final Map<String, Set<CollectorId>> tokenDependents = new ConcurrentHashMap<>();
  private final Map<CollectorId, CollectorRecord> tombstones = new ConcurrentHashMap<>();
  private final Map<String, Set<CollectorId>> tombstonesByToken = new ConcurrentHashMap<>();

  public DesiredStateKeeper(RevisionStore store, Clock clock) {
    this.store = requireNonNull(store, "store");
    this.clock = requireNonNull(clock, "clock");
    reload();
    store.onExternalChange(this::syncWithStore);
  }

  /** Called for every change to the state, after it is durable. */
  public void addListener(java.util.function.Consumer<StateChange> listener) {
    listeners.add(listener);
  }

  public RevisionStore store() {
    return store;
  }

  public Clock clock() {
    return clock;
  }

  public Optional<Revision> head() {
    return Optional.ofNullable(head);
  }

  public ConfigSet configs() {
    return configs;
  }

  public Optional<CollectorRecord> collector(CollectorId id) {
    return Optional.ofNullable(collectors.get(id));
  }

  public Collection<CollectorRecord> collectors() {
    return collectors.values();
  }

  public Optional<EnrollmentToken> enrollmentToken(String id) {
    return Optional.ofNullable(enrollmentTokens.get(id));
  }

  public Collection<EnrollmentToken> enrollmentTokens() {
    return enrollmentTokens.values();
  }

  public Optional<ApiToken> apiToken(String id) {
    return Optional.ofNullable(apiTokens.get(id));
  }

  public Collection<ApiToken> apiTokens() {
    return apiTokens.values();
  }

  public Optional<CollectorId> collectorByCredential(String credentialId) {
    return Optional.ofNullable(byCredential.get(credentialId));
  }

  /** The record an operator's deregistration left of this collector, if any. */
  public Optional<CollectorRecord> tombstone(CollectorId id) {
    return Optional.ofNullable(tombstones.get(id));
  }

  /** Whether a collector this token enrolled was deregistered since. */
  public boolean enrolledDeregistered(String tokenId) {
    Set<CollectorId> ids = tombstonesByToken.get(tokenId);
    return ids != null && !ids.isEmpty();
  }

  /**
   * The registered collectors that enrolled with this token: a read-only view that follows the
   * state, not a copy (every connection with a multi-use token asks).
   */
  public Set<CollectorId> enrolledWith(String tokenId) {
    Set<CollectorId> ids = byEnrollmentToken.get(tokenId);
    return ids == null ? Set.of() : Collections.unmodifiableSet(ids);
  }

  /**
   * The registered collectors enrolled with this token that hold no credential of their own, so
   * that the token is still their only secret (Alloy, OpAMP agents that cannot take connection
   * settings): the ones the token authenticates, and the ones its revocation cuts off. A read-only
   * view that follows the state.
   */
  public Set<CollectorId> tokenDependents(String tokenId) {
    Set<CollectorId> ids = tokenDependents.get(tokenId);
    return ids == null ? Set.of() : Collections.unmodifiableSet(ids);
  }

  /**
   * Runs {@code plan} with the write lock held and commits what it returns. The plan sees the state
   * as of the head and returns the changes (or null to write nothing).
   */
  public <T> T write(WritePlan<T> plan) {
    writeLock.lock();
    try {
      Revision before = head;
      StateWrite<T> planned = plan.plan(before == null ? null : before.id());
      if (planned.changes().isEmpty()) {
        return planned.onUnchanged().get();
      }
      RevisionId base =
          planned.base() != null ? planned.base() : (before == null ? null : before.id());
      // A new store starts in the current format; an older one was migrated when it was opened.
      List<Change> changes =
          before == null ? StateFormat.firstRevision(planned.changes()) : planned.changes();
      CommitResult result =
          store.commit(
              new Commit(base, changes, planned.author(), planned.message(), clock.instant()));
      if (result instanceof CommitResult.Committed committed) {
        Revision revision = committed.revision();
        StateChange change;
        if (before == null ? revision.parent() == null : before.id().equals(revision.parent())) {
          change = apply(planned.changes());
          head = revision;
        } else {
          change = reload();
        }
        fire(change);
        return planned.onCommitted().apply(revision);
      }
      CommitResult.Conflict conflict = (CommitResult.Conflict) result;
      if (before == null || !before.id().equals(conflict.head())) {
        fire(reload());
      }
      return planned.onConflict().apply(conflict.head());
    } finally {
      writeLock.unlock();
    }
  }

  /** Re-reads the store's head if another writer moved it. */
  public void syncWithStore() {
    writeLock.lock();
    try {
      Optional<Revision> storeHead = store.head();
      Revision current = head;
      if (storeHead.isPresent()
          && (current == null || !current.id().equals(storeHead.get().id()))) {
        fire(reload());
      }
    } finally {
      writeLock.unlock();
    }
  }

  private void fire(StateChange change) {
    if (change.isEmpty()) {
      return;
    }
    for (java.util.function.Consumer<StateChange> listener : listeners) {
      listener.accept(change);
    }
  }

  private StateChange apply(List<Change> changes) {
    boolean configsChanged = false;
    Set<CollectorId> changed = new HashSet<>();
    Set<CollectorId> removed = new HashSet<>();
    Map<ConfigName, ConfigSpec> nextConfigs = null;
    for (Change change : changes) {
      String path = change.path();
      String leaf = StatePaths.leaf(path);
      if (path.startsWith(StatePaths.CONFIGS)) {
        if (nextConfigs == null) {
          nextConfigs = new java.util.HashMap<>(configs.byName());
        }
        if (change.isDelete()) {
          nextConfigs.remove(ConfigName.of(leaf));
        } else {
          ConfigSpec spec = StateCodec.decodeConfig(Objects.requireNonNull(change.content()));
          nextConfigs.put(spec.name(), spec);
        }
        configsChanged = true;
      } else if (path.startsWith(StatePaths.COLLECTORS)) {
        CollectorId id = CollectorId.of(leaf);
        CollectorRecord before = collectors.get(id);
        unindexTombstone(tombstones.remove(id));
        CollectorRecord record =
            change.isDelete()
                ? null
                : StateCodec.decodeCollector(Objects.requireNonNull(change.content()));
        if (record == null || record.deregistered()) {
          unindex(before);
          if (collectors.remove(id) != null) {
            removed.add(id);
          }
          if (record != null) {
            tombstones.put(id, record);
            indexTombstone(record);
          }
        } else {
          // Index the new record before unindexing the old one: a collector whose record is
          // rewritten (a rename, new labels) must never be missing from the credential index
          // while a connection authenticates.
          collectors.put(id, record);
          index(record);
          unindexReplaced(before, record);
          changed.add(id);
        }
      } else if (path.startsWith(StatePaths.ENROLLMENT_TOKENS)) {
        if (change.isDelete()) {
          enrollmentTokens.remove(leaf);
        } else {
          enrollmentTokens.put(
              leaf, StateCodec.decodeEnrollmentToken(Objects.requireNonNull(change.content())));
        }
      } else if (path.startsWith(StatePaths.API_TOKENS)) {
        if (change.isDelete()) {
          apiTokens.remove(leaf);
        } else {
          apiTokens.put(leaf, StateCodec.decodeApiToken(Objects.requireNonNull(change.content())));
        }
      }
    }
    if (nextConfigs != null) {
      configs = configs.next(nextConfigs);
    }
    return new StateChange(configsChanged, changed, removed);
  }

  private StateChange reload() {
    Optional<Revision> storeHead = store.head();
    DesiredState state = DesiredState.EMPTY;
    if (storeHead.isPresent()) {
      Map<String, String> snapshot =
          store
              .snapshot(storeHead.get().id())
              .orElseThrow(
                  () ->
                      new StoreException(
                          "the store's head " + storeHead.get().id() + " has no snapshot", false));
      state = StateCodec.decode(snapshot);
    }
    boolean configsChanged = !state.configs().equals(configs.byName());
    Map<CollectorId, CollectorRecord> active = new java.util.HashMap<>();
    tombstones.clear();
    tombstonesByToken.clear();
    for (CollectorRecord record : state.collectors().values()) {
      if (record.deregistered()) {
        tombstones.put(record.id(), record);
        indexTombstone(record);
      } else {
        active.put(record.id(), record);
      }
    }
    Set<CollectorId> changed = new HashSet<>();
    Set<CollectorId> removed = new HashSet<>(collectors.keySet());
    removed.removeAll(active.keySet());
    for (CollectorRecord record : active.values()) {
      if (!record.equals(collectors.get(record.id()))) {
        changed.add(record.id());
      }
    }
    if (configsChanged) {
      configs = configs.next(state.configs());
    }
    collectors.keySet().removeAll(removed);
    collectors.putAll(active);
    // Add the new index entries, then drop the stale ones, so that no collector present before
    // and after is ever missing from an index a concurrent authentication reads.
    collectors.values().forEach(this::index);
    byCredential
        .entrySet()
        .removeIf(
            e -> {
              CollectorRecord r = collectors.get(e.getValue());
              return r == null || !e.getKey().equals(r.credentialId());
            });
    byEnrollmentToken.forEach(
        (token, ids) ->
            ids.removeIf(
                id -> {
                  CollectorRecord r = collectors.get(id);
                  return r == null || !token.equals(r.enrolledWith());
                }));
    tokenDependents.forEach(
        (token, ids) ->
            ids.removeIf(
                id -> {
                  CollectorRecord r = collectors.get(id);
                  return r == null || !dependsOn(r, token);
                }));
    enrollmentTokens.clear();
    enrollmentTokens.putAll(state.enrollmentTokens());
    apiTokens.clear();
    apiTokens.putAll(state.apiTokens());
    head = storeHead.orElse(null);
    return new StateChange(configsChanged, changed, removed);
  }

  private void index(CollectorRecord record) {
    if (record.credentialId() != null) {
      byCredential.put(record.credentialId(), record.id());
    }
    if (record.enrolledWith() != null) {
      byEnrollmentToken
          .computeIfAbsent(record.enrolledWith(), k -> ConcurrentHashMap.newKeySet())
          .add(record.id());
      if (record.credentialId() == null) {
        tokenDependents
            .computeIfAbsent(record.enrolledWith(), k -> ConcurrentHashMap.newKeySet())
            .add(record.id());
      }
    }
  }

  private static boolean dependsOn(CollectorRecord record, String tokenId) {
    return record.credentialId() == null && tokenId.equals(record.enrolledWith());
  }

  private void unindexDependent(@Nullable String tokenId, CollectorId id) {
    if (tokenId != null) {
      Set<CollectorId> ids = tokenDependents.get(tokenId);
      if (ids != null) {
        ids.remove(id);
      }
    }
  }

  private void indexTombstone(CollectorRecord record) {
    if (record.enrolledWith() != null) {
      tombstonesByToken
          .computeIfAbsent(record.enrolledWith(), k -> ConcurrentHashMap.newKeySet())
          .add(record.id());
    }
  }

  private void unindexTombstone(@Nullable CollectorRecord record) {
    if (record != null && record.enrolledWith() != null) {
      Set<CollectorId> ids = tombstonesByToken.get(record.enrolledWith());
      if (ids != null) {
        ids.remove(record.id());
      }
    }
  }

  /** Drops what only the replaced record indexed; what both index stays in place throughout. */
  private void unindexReplaced(@Nullable CollectorRecord before, CollectorRecord after) {
    if (before == null) {
      return;
    }
    if (before.credentialId() != null
        && !Objects.equals(before.credentialId(), after.credentialId())) {
      byCredential.remove(before.credentialId(), before.id());
    }
    if (before.enrolledWith() != null
        && !Objects.equals(before.enrolledWith(), after.enrolledWith())) {
      Set<CollectorId> ids = byEnrollmentToken.get(before.enrolledWith());
      if (ids != null) {
        ids.remove(before.id());
      }
    }
    // Once it holds a credential of its own, the token no longer speaks for it.
    if (before.enrolledWith() != null && !dependsOn(after, before.enrolledWith())) {
      unindexDependent(before.enrolledWith(), before.id());
    }
  }

  private void unindex(@Nullable CollectorRecord record) {
    if (record == null) {
      return;
    }
    if (record.credentialId() != null) {
      byCredential.remove(record.credentialId(), record.id());
    }
    if (record.enrolledWith() != null) {
      Set<CollectorId> ids = byEnrollmentToken.get(record.enrolledWith());
      if (ids != null) {
        ids.remove(record.id());
      }
    }
    unindexDependent(record.enrolledWith(), record.id());
  }

  /** Decides, from the state as of the head, what to write. */
  @FunctionalInterface
  public interface WritePlan<T> {
    StateWrite<T> plan(@Nullable RevisionId head);
  }
}
