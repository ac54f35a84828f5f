package io.linkmesh.bench.internal;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.jetty.client.BufferingResponseListener;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Result;
import org.jspecify.annotations.Nullable;

/**
 * A closed-loop HTTP load generator on Jetty's HttpClient: {@code workers} loops, each sending its
 * next request when the answer to its previous one is in, over at most {@code workers} keep-alive
 * connections. It runs a warm-up, then counts what completes inside the measuring window.
 */
public final class ClosedLoop {
  private static final int MAX_ANSWER_BYTES = 16 * 1024 * 1024;

  private ClosedLoop() {}

  /** The requests and how their answers count. */
  public interface Exchange {
    /** The next request of loop {@code worker}. */
    Request request(HttpClient client, int worker);

    /**
     * Looks at an answer: adds to the tally's counters as it likes and answers the error kind, or
     * null when the answer is a success.
     */
    @Nullable String check(int worker, int status, byte[] body, Tally tally);
  }

  /** Counts of one phase: successes, named counters, errors by kind. */
  public static final class Tally {
    private final LongAdder ok = new LongAdder();
    private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();

    public void add(String counter, long amount) {
      counters.computeIfAbsent(counter, k -> new LongAdder()).add(amount);
    }

    void ok() {
      ok.increment();
    }

    void error(String kind) {
      errors.computeIfAbsent(kind, k -> new LongAdder()).increment();
    }

    Outcome outcome(double seconds) {
      return new Outcome(ok.sum(), seconds, sums(counters), sums(errors));
    }

    private static Map<String, Long> sums(Map<String, LongAdder> adders) {
      Map<String, Long> out = new TreeMap<>();
      adders.forEach((k, v) -> out.put(k, v.sum()));
      return out;
    }
  }

  /** What completed inside the measuring window. */
  public record Outcome(
      long succeeded, double seconds, Map<String, Long> counters, Map<String, Long> errors) {
    public Outcome {
      counters = Map.copyOf(counters);
      errors = Map.copyOf(errors);
    }

    public double perSecond() {
      return succeeded / seconds;
    }

    public long counter(String name) {
      return counters.getOrDefault(name, 0L);
    }

    public long errorCount() {
      long n = 0;
      for (long v : errors.values()) {
        n += v;
      }
      return n;
    }
  }

  public static Outcome run(
      HttpClient client, int workers, Duration warmup, Duration measure, Exchange exchange) {
    requireNonNull(client, "client");
    requireNonNull(exchange, "exchange");
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be at least 1: " + workers);
    }
    Loop loop = new Loop(client, exchange, workers);
    for (int w = 0; w < workers; w++) {
      loop.next(w);
    }
    ServerProcess.pause(warmup.toMillis());
    Tally measured = new Tally();
    loop.current = measured;
    long t0 = System.nanoTime();
    ServerProcess.pause(measure.toMillis());
    loop.current = new Tally();
    long t1 = System.nanoTime();
    loop.stopping.set(true);
    try {
      if (!loop.done.await(60, TimeUnit.SECONDS)) {
        throw new BenchException("the load loops did not wind down within 60 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BenchException("interrupted", e);
    }
    return measured.outcome((t1 - t0) / 1e9);
  }

  private static final class Loop {
    final HttpClient client;
    final Exchange exchange;
    final AtomicBoolean stopping = new AtomicBoolean();
    final CountDownLatch done;
    volatile Tally current = new Tally();

    Loop(HttpClient client, Exchange exchange, int workers) {
      this.client = client;
      this.exchange = exchange;
      this.done = new CountDownLatch(workers);
    }

    void next(int worker) {
      if (stopping.get()) {
        done.countDown();
        return;
      }
      Request request;
      try {
        request = exchange.request(client, worker);
      } catch (RuntimeException e) {
        current.error("request: " + e.getMessage());
        done.countDown();
        return;
      }
      request.send(
          new BufferingResponseListener(MAX_ANSWER_BYTES) {
            @Override
            public void onComplete(Result result) {
              Tally tally = current;
              if (result.isFailed()) {
                Throwable failure = result.getFailure();
                tally.error("transport " + failure.getClass().getSimpleName());
                // Not on this thread: a refused connection fails at once, again and again.
                client.getExecutor().execute(() -> next(worker));
                return;
              }
              String error;
              try {
                error =
                    exchange.check(worker, result.getResponse().getStatus(), getContent(), tally);
              } catch (RuntimeException e) {
                error = "check " + e.getClass().getSimpleName();
              }
              if (error == null) {
                tally.ok();
              } else {
                tally.error(error);
              }
              next(worker);
            }
          });
    }
  }
}
