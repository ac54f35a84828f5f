package io.linkmesh.otlp.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/** Reads request bodies with a hard size limit, before and after gzip. */
public final class Bodies {
  private static final int CHUNK = 16 * 1024;

  private Bodies() {}

  /**
   * Reads at most {@code limit} bytes.
   *
   * @throws RequestRejectedException 413 when the body is longer
   * @throws UncheckedIOException when the connection fails
   */
  public static byte[] read(InputStream in, long limit) {
    try {
      return readLimited(in, limit);
    } catch (IOException e) {
      throw new UncheckedIOException("reading the request body failed", e);
    }
  }

  /**
   * Inflates a gzip body to at most {@code limit} bytes, reading no further than the limit (a gzip
   * bomb costs at most {@code limit} bytes of memory).
   *
   * @throws RequestRejectedException 413 when it inflates beyond the limit, 400 when it is not gzip
   */
  public static byte[] gunzip(byte[] compressed, long limit) {
    try (GZIPInputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(compressed))) {
      return readLimited(in, limit);
    } catch (ZipException | java.io.EOFException e) {
      throw RequestRejectedException.badRequest("body is not valid gzip: " + e.getMessage());
    } catch (IOException e) {
      throw RequestRejectedException.badRequest("body is not valid gzip");
    }
  }

  private static byte[] readLimited(InputStream in, long limit) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(CHUNK);
    byte[] buffer = new byte[CHUNK];
    long total = 0;
    int n;
    while ((n = in.read(buffer)) >= 0) {
      total += n;
      if (total > limit) {
        throw RequestRejectedException.tooLarge(limit);
      }
      out.write(buffer, 0, n);
    }
    return out.toByteArray();
  }
}
