package io.linkmesh.alloy.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
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
      throw new UncheckedIOException("reading the request body failed", e);
    }
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
