package io.linkmesh.http.internal;

import static java.util.Objects.requireNonNull;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Browser sessions, in memory: a random id (the cookie value) maps to the operator token that
 * logged in. The token is presented to the domain again on every request, so a revoked or expired
 * token ends its sessions at once. Bounded in count (the least recently used is dropped), idle time
 * and absolute age.
 */
public final class Sessions {
  /** The cookie that carries the session id. */
  public static final String COOKIE = "linkmesh_session";

  private static final int ID_BYTES = 32;

  private final Clock clock;
  private final Duration idle;
  private final Duration maxAge;
  private final int maxSessions;
  private final SecureRandom random = new SecureRandom();
  // access order: the eldest entry is the least recently used session
  private final LinkedHashMap<String, Entry> sessions = new LinkedHashMap<>(16, 0.75f, true);

  private static final class Entry {
    final String token;
    final Instant created;
    Instant lastUsed;

    Entry(String token, Instant created) {
      this.token = token;
      this.created = created;
      this.lastUsed = created;
    }
  }

  public Sessions(Clock clock, Duration idle, Duration maxAge, int maxSessions) {
    this.clock = requireNonNull(clock, "clock");
    this.idle = requireNonNull(idle, "idle");
    this.maxAge = requireNonNull(maxAge, "maxAge");
    if (idle.isNegative() || idle.isZero() || maxAge.compareTo(idle) < 0) {
      throw new IllegalArgumentException(
          "session idle timeout must be positive and at most the maximum age: " + idle);
    }
    if (maxSessions < 1) {
      throw new IllegalArgumentException("maxSessions must be at least 1: " + maxSessions);
    }
    this.maxSessions = maxSessions;
  }

  /** Starts a session for {@code token} and returns its id. */
  public synchronized String create(String token) {
    requireNonNull(token, "token");
    Instant now = clock.instant();
    purge(now);
    while (sessions.size() >= maxSessions) {
      Iterator<String> eldest = sessions.keySet().iterator();
      eldest.next();
      eldest.remove();
    }
    byte[] bytes = new byte[ID_BYTES];
    random.nextBytes(bytes);
    String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    sessions.put(id, new Entry(token, now));
    return id;
  }

  /** The token of a live session, touching it; empty for an unknown or expired one. */
  public synchronized Optional<String> token(String id) {
    Entry entry = sessions.get(id);
    if (entry == null) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    if (expired(entry, now)) {
      sessions.remove(id);
      return Optional.empty();
    }
    entry.lastUsed = now;
    return Optional.of(entry.token);
  }

  /** Ends a session; nothing happens for an unknown id. */
  public synchronized void remove(String id) {
    sessions.remove(id);
  }

  public synchronized int size() {
    return sessions.size();
  }

  private void purge(Instant now) {
    for (Iterator<Map.Entry<String, Entry>> it = sessions.entrySet().iterator(); it.hasNext(); ) {
      if (expired(it.next().getValue(), now)) {
        it.remove();
      }
    }
  }

  private boolean expired(Entry entry, Instant now) {
    return !now.isBefore(entry.lastUsed.plus(idle)) || !now.isBefore(entry.created.plus(maxAge));
  }
}
