package io.linkmesh.jetty;

import static java.util.Objects.requireNonNull;

/** What reading a request body came to; each adapter maps these to its protocol's answers. */
public sealed interface Body {

  /** The whole body, decompressed, within the limit. */
  record Read(byte[] bytes) implements Body {
    public Read {
      requireNonNull(bytes, "bytes");
    }
  }

  /**
   * The body (declared, received or decompressed) is larger than {@code limit} bytes. Only part of
   * it was read, so the connection cannot carry another request.
   */
  record TooLarge(long limit) implements Body {}

  /** The client sent the body slower than {@code minBytesPerSecond} on average: 408. */
  record TooSlow(long minBytesPerSecond) implements Body {}

  /** A {@code Content-Encoding} other than gzip or identity. */
  record UnsupportedEncoding(String encoding) implements Body {
    public UnsupportedEncoding {
      requireNonNull(encoding, "encoding");
    }
  }

  /** The body says gzip but is not valid gzip. */
  record Malformed(String reason) implements Body {
    public Malformed {
      requireNonNull(reason, "reason");
    }
  }

  /** The connection failed before the body arrived (the client went away, an idle timeout). */
  record Broken(Throwable cause) implements Body {
    public Broken {
      requireNonNull(cause, "cause");
    }
  }
}
