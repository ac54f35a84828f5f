package io.linkmesh.alloy.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;
import org.jspecify.annotations.Nullable;

/** Reads a request body with a bound, undoing {@code Content-Encoding: gzip}. */
public final class Bodies {

  private Bodies() {}

  /**
   * Reads at most {@code maxBytes} (after decompression) from {@code in}.
   *
   * @param contentEncoding the request's {@code Content-Encoding}, null when absent
   * @throws ConnectError {@code unimplemented} for an unsupported encoding, {@code
   *     resource_exhausted} when the body is larger than {@code maxBytes}, {@code invalid_argument}
   *     for a corrupt gzip stream
   */
  public static byte[] read(InputStream in, @Nullable String contentEncoding, int maxBytes) {
    String encoding =
        contentEncoding == null ? "identity" : contentEncoding.strip().toLowerCase(Locale.ROOT);
    boolean gzip = encoding.equals("gzip");
    if (!gzip && !encoding.isEmpty() && !encoding.equals("identity")) {
      throw unsupported(encoding);
    }
    try {
      byte[] raw = readBounded(in, maxBytes);
      if (!gzip || raw.length == 0) {
        return raw;
      }
      try (InputStream gunzip = new GZIPInputStream(new ByteArrayInputStream(raw))) {
        return readBounded(gunzip, maxBytes);
      } catch (ZipException | EOFException e) {
        throw new ConnectError(
            ConnectCode.INVALID_ARGUMENT, "request body is not valid gzip: " + e.getMessage());
      }
    } catch (IOException e) {
      // The client went away or stalled mid-body: its failure, not the server's.
      throw new ConnectError(
          ConnectCode.INVALID_ARGUMENT, "request body could not be read: " + e.getMessage());
    }
  }

  /** Whether an {@code Accept-Encoding} header admits gzip (and does not give it q=0). */
  public static boolean acceptsGzip(@Nullable String acceptEncoding) {
    if (acceptEncoding == null) {
      return false;
    }
    for (String part : acceptEncoding.split(",")) {
      String[] pieces = part.split(";");
      if (!pieces[0].strip().equalsIgnoreCase("gzip")) {
        continue;
      }
      for (int i = 1; i < pieces.length; i++) {
        String param = pieces[i].strip().toLowerCase(Locale.ROOT).replace(" ", "");
        if (param.equals("q=0") || param.matches("q=0\\.0*")) {
          return false;
        }
      }
      return true;
    }
    return false;
  }

  /** {@code bytes} gzip-compressed. */
  public static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 4 + 64);
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("gzip in memory failed", e);
    }
    return out.toByteArray();
  }

  private static ConnectError unsupported(String encoding) {
    return new ConnectError(
        ConnectCode.UNIMPLEMENTED,
        "content encoding '" + encoding + "' is not supported; use gzip or identity");
  }

  private static byte[] readBounded(InputStream in, int maxBytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    int total = 0;
    int n;
    while ((n = in.read(buffer)) >= 0) {
      total += n;
      if (total > maxBytes) {
        throw new ConnectError(
            ConnectCode.RESOURCE_EXHAUSTED,
            "request body is larger than the limit of " + maxBytes + " bytes");
      }
      out.write(buffer, 0, n);
    }
    return out.toByteArray();
  }
}
