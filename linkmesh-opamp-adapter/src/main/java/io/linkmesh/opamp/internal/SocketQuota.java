package io.linkmesh.opamp.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How many WebSockets each collector credential holds open, against a bound: one agent needs one
 * (two while it reconnects), so a credential cannot pin the server's memory with many sockets, each
 * holding a partial message. Safe for concurrent use.
 */
final class SocketQuota {
  private final int bound;
  private final Map<Object, Integer> open = new ConcurrentHashMap<>();

  SocketQuota(int bound) {
    this.bound = bound;
  }

  int bound() {
    return bound;
  }

  /** Takes a place for a new socket of {@code who}; false when it holds {@code bound} already. */
  boolean tryAcquire(Object who) {
    boolean[] taken = {false};
    open.compute(
        who,
        (k, n) -> {
          int now = n == null ? 0 : n;
          if (now >= bound) {
            return n;
          }
          taken[0] = true;
          return now + 1;
        });
    return taken[0];
  }

  /** Gives back the place of a closed socket. */
  void release(Object who) {
    open.computeIfPresent(who, (k, n) -> n <= 1 ? null : n - 1);
  }

  /** Sockets {@code who} holds now. */
  int held(Object who) {
    return open.getOrDefault(who, 0);
  }
}
