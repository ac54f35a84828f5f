package io.linkmesh.bench.internal;

import java.util.Locale;
import java.util.Optional;

/**
 * The little JSON the benches need: quoting strings for the result lines, and reading one string
 * field from the server's small REST answers (tokens, revision ids), with no JSON library.
 */
public final class Json {
  private Json() {}

  public static String quote(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"':
          b.append("\\\"");
          break;
        case '\\':
          b.append("\\\\");
          break;
        case '\n':
          b.append("\\n");
          break;
        case '\r':
          b.append("\\r");
          break;
        case '\t':
          b.append("\\t");
          break;
        default:
          if (c < 0x20) {
            b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            b.append(c);
          }
      }
    }
    return b.append('"').toString();
  }

  /** A finite number as JSON ({@code null} for NaN and infinities, which JSON cannot hold). */
  public static String number(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return "null";
    }
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    return Double.toString(value);
  }

  /**
   * The value of the first string field {@code "name": "..."} anywhere in {@code json}. Good for
   * flat answers such as {@code {"token": "..."}}; it does not understand nesting.
   */
  public static Optional<String> stringField(String json, String name) {
    String key = quote(name);
    int from = 0;
    while (true) {
      int at = json.indexOf(key, from);
      if (at < 0) {
        return Optional.empty();
      }
      int i = skipSpace(json, at + key.length());
      if (i < json.length() && json.charAt(i) == ':') {
        i = skipSpace(json, i + 1);
        if (i < json.length() && json.charAt(i) == '"') {
          return Optional.of(readString(json, i + 1));
        }
      }
      from = at + key.length();
    }
  }

  private static int skipSpace(String s, int i) {
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
    return i;
  }

  private static String readString(String s, int i) {
    StringBuilder b = new StringBuilder();
    while (i < s.length()) {
      char c = s.charAt(i++);
      if (c == '"') {
        return b.toString();
      }
      if (c != '\\') {
        b.append(c);
        continue;
      }
      if (i >= s.length()) {
        break;
      }
      char e = s.charAt(i++);
      switch (e) {
        case 'n':
          b.append('\n');
          break;
        case 't':
          b.append('\t');
          break;
        case 'r':
          b.append('\r');
          break;
        case 'b':
          b.append('\b');
          break;
        case 'f':
          b.append('\f');
          break;
        case 'u':
          if (i + 4 > s.length()) {
            throw new IllegalArgumentException("truncated \\u escape in JSON string");
          }
          b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
          i += 4;
          break;
        default:
          b.append(e);
      }
    }
    throw new IllegalArgumentException("unterminated JSON string");
  }
}
