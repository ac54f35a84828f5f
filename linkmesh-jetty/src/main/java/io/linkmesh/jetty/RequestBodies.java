package io.linkmesh.jetty;

import static java.util.Objects.requireNonNull;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.zip.ZipException;
import org.eclipse.jetty.compression.gzip.GzipCompression;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.NanoTime;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.component.ContainerLifeCycle;
import org.eclipse.jetty.util.thread.Invocable;
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

  private final long maxBytes;
  private final long minBytesPerSecond;
  private final long graceNanos;
  private final GzipCompression gzip = new GzipCompression();

  private RequestBodies(Builder b) {
    this.maxBytes = b.maxBytes;
    this.minBytesPerSecond = b.minBytesPerSecond;
    this.graceNanos = b.grace.toNanos();
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
    Metered metered = new Metered(request);
    Scheduler.Task watch = watch(request, metered);
    Content.Source.asByteArrayAsync(
        metered,
        (int) maxBytes,
        Promise.Invocable.<byte[]>from(
            Invocable.InvocationType.BLOCKING,
            (raw, failure) -> {
              if (watch != null) {
                watch.cancel();
              }
              if (failure != null) {
                then.accept(failed(failure, metered));
              } else if (raw.length > maxBytes) {
                then.accept(new Body.TooLarge(maxBytes));
              } else if (gzipped && raw.length > 0) {
                then.accept(gunzip(raw));
              } else {
                then.accept(new Body.Read(raw));
              }
            }));
  }

  private Body failed(Throwable failure, Metered metered) {
    if (metered.tooSlow) {
      return new Body.TooSlow(minBytesPerSecond);
    }
    if (isTooLarge(failure) || metered.bytes > maxBytes) {
      return new Body.TooLarge(maxBytes);
    }
    return new Body.Broken(failure);
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

  /**
   * Checks the average data rate once a second after the grace period; a stalled client sends
   * nothing that would wake a check, so a timer must.
   */
  private Scheduler.@Nullable Task watch(Request request, Metered metered) {
    if (minBytesPerSecond <= 0) {
      return null;
    }
    Scheduler scheduler = request.getComponents().getScheduler();
    long start = NanoTime.now();
    Runnable[] check = new Runnable[1];
    Scheduler.Task[] task = new Scheduler.Task[1];
    check[0] =
        () -> {
          long elapsed = NanoTime.since(start);
          if (metered.bytes * 1_000_000_000.0 / elapsed < minBytesPerSecond) {
            metered.tooSlow = true;
            metered.fail(
                new TimeoutException(
                    "request body slower than " + minBytesPerSecond + " bytes per second"));
          } else {
            task[0] = scheduler.schedule(check[0], 1, TimeUnit.SECONDS);
          }
        };
    task[0] = scheduler.schedule(check[0], graceNanos, TimeUnit.NANOSECONDS);
    return () -> task[0].cancel();
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

  /** The request as a content source that counts what arrived, for the data rate. */
  private static final class Metered extends Request.Wrapper {
    private volatile long bytes;
    private volatile boolean tooSlow;

    Metered(Request request) {
      super(request);
    }

    @Override
    public Content.@Nullable Chunk read() {
      Content.Chunk chunk = super.read();
      if (chunk != null && !Content.Chunk.isFailure(chunk)) {
        bytes += chunk.remaining();
      }
      return chunk;
    }
  }

  /** Options for {@link RequestBodies}. */
  public static final class Builder {
    private long maxBytes = 2L * 1024 * 1024;
    private long minBytesPerSecond = DEFAULT_MIN_BYTES_PER_SECOND;
    private Duration grace = DEFAULT_GRACE;

    private Builder() {}

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
