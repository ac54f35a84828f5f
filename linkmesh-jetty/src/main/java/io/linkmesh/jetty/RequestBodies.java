package io.linkmesh.jetty;

import static java.util.Objects.requireNonNull;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.zip.ZipException;
import org.eclipse.jetty.compression.gzip.GzipCompression;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.NanoTime;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.component.ContainerLifeCycle;
import org.eclipse.jetty.util.thread.Scheduler;
import org.jspecify.annotations.Nullable;

/**
 * Reads a request body without holding a thread while it arrives: Jetty calls back as bytes come in
 * and the answer is produced once, on a pool thread, when the body is complete. The body is bounded
 * before and after gzip decompression ({@code Content-Encoding: gzip}, {@code x-gzip} or identity),
 * a declared {@code Content-Length} over the bound is refused before anything is read, a chunked
 * body as soon as it passes the bound, and a body arriving slower than the minimum data rate is cut
 * (after a grace period, so a small body on a slow link is never cut).
 *
 * <p>A Jetty bean: add it to the handler that uses it ({@code addBean(bodies)}) so it starts and
 * stops with it.
 *
 * <pre>{@code
 * RequestBodies bodies = RequestBodies.builder().maxBytes(2 << 20).build();
 * bodies.read(request, body -> {
 *   if (body instanceof Body.Read read) { ... } else { answer the error }
 * });
 * }</pre>
 */
public final class RequestBodies extends ContainerLifeCycle {
  /** The default minimum data rate: 1 KiB/s on average. */
  public static final long DEFAULT_MIN_BYTES_PER_SECOND = 1024;

  /** The default time a body may take before the minimum data rate applies. */
  public static final Duration DEFAULT_GRACE = Duration.ofSeconds(10);

  /** The default amount of a refused body read and thrown away: 64 MiB. */
  public static final long DEFAULT_DISCARD_BYTES = 64L * 1024 * 1024;

  private final long maxBytes;
  private final long minBytesPerSecond;
  private final long graceNanos;
  private final long discardBytes;
  private final GzipCompression gzip = new GzipCompression();

  private RequestBodies(Builder b) {
    this.maxBytes = b.maxBytes;
    this.minBytesPerSecond = b.minBytesPerSecond;
    this.graceNanos = b.grace.toNanos();
    this.discardBytes = Math.max(b.maxBytes, b.discardBytes);
    addBean(gzip);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The largest body taken, before and after decompression. */
  public long maxBytes() {
    return maxBytes;
  }

  /**
   * Reads the body of {@code request} and hands the outcome to {@code then}, exactly once. {@code
   * then} runs on the calling thread when the outcome is known at once (a declared length over the
   * bound, an unknown encoding, an empty body) and otherwise on a Jetty pool thread: it may block
   * (call the domain, write to a store).
   */
  public void read(Request request, Consumer<Body> then) {
    requireNonNull(request, "request");
    requireNonNull(then, "then");
    String encoding = encoding(request.getHeaders().get(HttpHeader.CONTENT_ENCODING));
    if (encoding != null && !encoding.equals("gzip")) {
      then.accept(new Body.UnsupportedEncoding(encoding));
      return;
    }
    boolean gzipped = encoding != null;
    long declared = request.getLength();
    if (declared > maxBytes) {
      then.accept(new Body.TooLarge(maxBytes));
      return;
    }
    if (declared == 0) {
      then.accept(new Body.Read(new byte[0]));
      return;
    }
    new Reading(request, declared, gzipped, then).start();
  }

  /**
   * Reads what is left of a body that will not be used (the request was refused before it was
   * read), so the client gets to read the answer instead of a connection reset: a client that sends
   * the whole body before it reads (the JDK HttpClient does) sees a reset when the server closes
   * with unread bytes. Hands {@code then} true when the body was read to its end, false when it was
   * larger than the discard bound, too slow or broken: then the connection must close.
   */
  public void discard(Request request, Consumer<Boolean> then) {
    requireNonNull(request, "request");
    requireNonNull(then, "then");
    long declared = request.getLength();
    if (declared == 0) {
      then.accept(true);
      return;
    }
    if (declared > discardBytes) {
      then.accept(false);
      return;
    }
    new Reading(request, declared, false, body -> then.accept(body instanceof Body.Read))
        .discarding()
        .start();
  }

  /**
   * {@code callback} for an answer written before the body was read (a refusal, a body too large):
   * once the answer is out, the rest of the body is {@linkplain #discard discarded} and only then
   * is the exchange complete, so the client reads the answer, not a reset.
   */
  public Callback discardAfter(Request request, Callback callback) {
    requireNonNull(request, "request");
    requireNonNull(callback, "callback");
    return Callback.from(() -> discard(request, whole -> callback.succeeded()), callback::failed);
  }

  /**
   * One body being read: Jetty's read/demand loop, so no thread waits while bytes are on their way.
   * The loop runs on a pool thread each time bytes arrive, one run at a time.
   */
  private final class Reading implements Runnable {
    private final Request request;
    private final boolean gzipped;
    private final Consumer<Body> then;
    private final AtomicBoolean done = new AtomicBoolean();
    private final long start = NanoTime.now();
    private final long declared;
    private @Nullable ByteBuffer kept;
    private volatile long bytes;
    private volatile boolean tooSlow;
    private boolean discarding;
    private volatile Scheduler.@Nullable Task watch;

    Reading(Request request, long declared, boolean gzipped, Consumer<Body> then) {
      this.request = request;
      this.declared = declared;
      this.gzipped = gzipped;
      this.then = then;
    }

    Reading discarding() {
      discarding = true;
      return this;
    }

    void start() {
      if (!discarding) {
        kept = ByteBuffer.allocate((int) (declared > 0 ? declared : Math.min(maxBytes, 8192)));
      }
      watch();
      run();
    }

    @Override
    public void run() {
      while (true) {
        Content.Chunk chunk = request.read();
        if (chunk == null) {
          request.demand(this);
          return;
        }
        if (Content.Chunk.isFailure(chunk)) {
          Throwable failure = chunk.getFailure();
          chunk.release();
          finish(tooSlow ? new Body.TooSlow(minBytesPerSecond) : new Body.Broken(failure));
          return;
        }
        int n = chunk.remaining();
        bytes += n;
        if (bytes > (discarding ? discardBytes : maxBytes)) {
          chunk.release();
          finish(new Body.TooLarge(maxBytes));
          return;
        }
        if (!discarding && n > 0) {
          keep(chunk.getByteBuffer());
        }
        boolean last = chunk.isLast();
        chunk.release();
        if (last) {
          finish(complete());
          return;
        }
      }
    }

    private void keep(ByteBuffer data) {
      ByteBuffer into = requireNonNull(kept);
      if (into.remaining() < data.remaining()) {
        long needed = (long) into.position() + data.remaining();
        ByteBuffer bigger =
            ByteBuffer.allocate((int) Math.min(maxBytes, Math.max(needed, 2L * into.capacity())));
        into.flip();
        bigger.put(into);
        kept = into = bigger;
      }
      into.put(data.slice());
    }

    private Body complete() {
      if (discarding) {
        return new Body.Read(new byte[0]);
      }
      ByteBuffer into = requireNonNull(kept);
      byte[] raw = new byte[into.position()];
      into.flip().get(raw);
      return gzipped && raw.length > 0 ? gunzip(raw) : new Body.Read(raw);
    }

    private void finish(Body body) {
      if (done.compareAndSet(false, true)) {
        Scheduler.Task task = watch;
        if (task != null) {
          task.cancel();
        }
        then.accept(body);
      }
    }

    /**
     * Checks the average data rate once a second after the grace period; a stalled client sends
     * nothing that would wake the loop, so a timer must.
     */
    private void watch() {
      if (minBytesPerSecond > 0) {
        watch =
            request
                .getComponents()
                .getScheduler()
                .schedule(this::check, graceNanos, TimeUnit.NANOSECONDS);
      }
    }

    private void check() {
      if (done.get()) {
        return;
      }
      long elapsed = Math.max(1, NanoTime.since(start));
      if (bytes * 1_000_000_000.0 / elapsed < minBytesPerSecond) {
        tooSlow = true;
        // Wakes the loop with a failure chunk; it answers TooSlow.
        request.fail(
            new TimeoutException(
                "request body slower than " + minBytesPerSecond + " bytes per second"));
      } else {
        watch = request.getComponents().getScheduler().schedule(this::check, 1, TimeUnit.SECONDS);
      }
    }
  }

  /** The in-memory body inflated through Jetty's gzip decoder, bounded as it inflates. */
  private Body gunzip(byte[] raw) {
    Content.Source decoded = gzip.newDecoderSource(Content.Source.from(ByteBuffer.wrap(raw)));
    try {
      // The compressed bytes are all in memory: this completes without waiting on the network.
      CompletableFuture<byte[]> inflated = new CompletableFuture<>();
      Content.Source.asByteArrayAsync(
          decoded, (int) maxBytes, Promise.Invocable.toPromise(inflated));
      byte[] bytes = inflated.join();
      return bytes.length > maxBytes ? new Body.TooLarge(maxBytes) : new Body.Read(bytes);
    } catch (CompletionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (isTooLarge(cause)) {
        return new Body.TooLarge(maxBytes);
      }
      String message = cause.getMessage();
      return new Body.Malformed(
          "the body is not valid gzip"
              + (cause instanceof ZipException && message != null ? ": " + message : ""));
    }
  }

  private static boolean isTooLarge(Throwable failure) {
    // Jetty's accumulator refuses content over its maximum with an IllegalStateException ("Max
    // size (n) exceeded"); earlier 12.x versions threw an IllegalArgumentException.
    Throwable cause = failure.getCause();
    return failure instanceof IllegalStateException
        || failure instanceof IllegalArgumentException
        || cause instanceof IllegalStateException
        || cause instanceof IllegalArgumentException;
  }

  /** Null for identity, {@code gzip} for gzip, else the unsupported encoding, lower case. */
  private static @Nullable String encoding(@Nullable String header) {
    if (header == null) {
      return null;
    }
    String encoding = header.strip().toLowerCase(Locale.ROOT);
    if (encoding.isEmpty() || encoding.equals("identity")) {
      return null;
    }
    if (encoding.equals("gzip") || encoding.equals("x-gzip")) {
      return "gzip";
    }
    return encoding.length() > 64 ? encoding.substring(0, 64) : encoding;
  }

  /** Options for {@link RequestBodies}. */
  public static final class Builder {
    private long maxBytes = 2L * 1024 * 1024;
    private long minBytesPerSecond = DEFAULT_MIN_BYTES_PER_SECOND;
    private Duration grace = DEFAULT_GRACE;
    private long discardBytes = DEFAULT_DISCARD_BYTES;

    private Builder() {}

    /**
     * How much of a refused body is read and thrown away so that the client reads the answer rather
     * than a connection reset (default 64 MiB); past it the connection is closed.
     */
    public Builder discardBytes(long discardBytes) {
      if (discardBytes < 0 || discardBytes > 1L << 30) {
        throw new IllegalArgumentException("discardBytes must be from 0 to 1 GiB: " + discardBytes);
      }
      this.discardBytes = discardBytes;
      return this;
    }

    /** The largest body, before and after decompression (default 2 MiB, at most 256 MiB). */
    public Builder maxBytes(long maxBytes) {
      if (maxBytes < 1 || maxBytes > 256L * 1024 * 1024) {
        throw new IllegalArgumentException("maxBytes must be from 1 to 256 MiB: " + maxBytes);
      }
      this.maxBytes = maxBytes;
      return this;
    }

    /**
     * The slowest average a body may arrive at once {@code grace} has passed (default 1 KiB/s after
     * 10 s); 0 turns the check off.
     */
    public Builder minDataRate(long bytesPerSecond, Duration grace) {
      requireNonNull(grace, "grace");
      if (bytesPerSecond < 0 || grace.isNegative() || grace.toMinutes() > 60) {
        throw new IllegalArgumentException(
            "the minimum data rate must be at least 0 and its grace 0 to 60 min: "
                + bytesPerSecond
                + ", "
                + grace);
      }
      this.minBytesPerSecond = bytesPerSecond;
      this.grace = grace;
      return this;
    }

    public RequestBodies build() {
      return new RequestBodies(this);
    }
  }
}
