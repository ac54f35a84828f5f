package io.linkmesh.alloy.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;
import org.jspecify.annotations.Nullable;

/**
 * Response compression: whether the client takes gzip, and gzip itself. Request bodies are read by
 * {@code io.linkmesh.jetty.RequestBodies}.
 */
public final class Bodies {

  private Bodies() {}

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
}
