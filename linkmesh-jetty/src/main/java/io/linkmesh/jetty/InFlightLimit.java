package io.linkmesh.jetty;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.util.Callback;
import org.jspecify.annotations.Nullable;

/**
 * At most {@code perClient} requests (or open sockets) in flight per client identity (a remote
 * address before authentication, a credential after; any value with {@code equals}), so one client
 * can never take what the others need. Only clients with a request in flight are remembered, so the
 * memory is bounded by the connections.
 *
 * <pre>{@code
 * InFlightLimit.Permit permit = limit.tryAcquire(clientId);
 * if (permit == null) { answer 429; }
 * callback = permit.releaseWhenDone(callback);
 * }</pre>
 */
public final class InFlightLimit {
  private final int perClient;
  private final ConcurrentHashMap<Object, Integer> inFlight = new ConcurrentHashMap<>();

  private InFlightLimit(int perClient) {
    this.perClient = perClient;
  }

  /** A limit of {@code perClient} requests in flight for each client, from 1 to 10,000. */
  public static InFlightLimit of(int perClient) {
    if (perClient < 1 || perClient > 10_000) {
      throw new IllegalArgumentException("perClient must be from 1 to 10000: " + perClient);
    }
    return new InFlightLimit(perClient);
  }

  /** The bound per client. */
  public int perClient() {
    return perClient;
  }

  /** A permit for one more request of {@code client}, or null when it has its bound in flight. */
  public @Nullable Permit tryAcquire(Object client) {
    requireNonNull(client, "client");
    boolean[] admitted = new boolean[1];
    inFlight.compute(
        client,
        (k, n) -> {
          int now = n == null ? 0 : n;
          if (now >= perClient) {
            return n;
          }
          admitted[0] = true;
          return now + 1;
        });
    return admitted[0] ? new Permit(client) : null;
  }

  /** Requests of {@code client} in flight now. */
  public int inFlight(Object client) {
    Integer n = inFlight.get(client);
    return n == null ? 0 : n;
  }

  private void release(Object client) {
    inFlight.computeIfPresent(client, (k, n) -> n <= 1 ? null : n - 1);
  }

  /** One admitted request; releasing it more than once is harmless. */
  public final class Permit {
    private final Object client;
    private final AtomicBoolean released = new AtomicBoolean();

    private Permit(Object client) {
      this.client = client;
    }

    public void release() {
      if (released.compareAndSet(false, true)) {
        InFlightLimit.this.release(client);
      }
    }

    /** {@code callback}, releasing this permit first when the response completes or fails. */
    public Callback releaseWhenDone(Callback callback) {
      requireNonNull(callback, "callback");
      return new Callback.Nested(callback) {
        @Override
        public void succeeded() {
          release();
          super.succeeded();
        }

        @Override
        public void failed(Throwable x) {
          release();
          super.failed(x);
        }
      };
    }
  }
}
