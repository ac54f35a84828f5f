package io.linkmesh.domain.revision;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The canonical text form of one stored record: header lines {@code name: value}, then, for records
 * with a body, one empty line and the body verbatim. It is what stores write and what a person
 * reads (and, with the Git store, edits). The same record always renders to the same bytes, which
 * is what makes revisions content-addressable.
 *
 * <p>Values escape {@code \}, line breaks and other control characters ({@code \\ \n \r \t
 * \\uXXXX}); map keys after a {@code prefix.} additionally escape {@code :} and spaces.
 */
public final class StateDocument {
  private final Map<String, String> fields;
  private final @Nullable String body;

  private StateDocument(Map<String, String> fields, @Nullable String body) {
    this.fields = fields;
    this.body = body;
  }

  public static Builder builder(String kind) {
    return new Builder(kind);
  }

  public String kind() {
    return required("kind");
  }

  public Map<String, String> fields() {
    return Collections.unmodifiableMap(fields);
  }

  public @Nullable String body() {
    return body;
  }

  public String required(String name) {
    String value = fields.get(name);
    if (value == null) {
      throw new InvalidStateException("missing field '" + name + "'");
    }
    return value;
  }

  public @Nullable String optional(String name) {
    return fields.get(name);
  }

  /** Every field {@code prefix.key} as a map of key to value. */
  public Map<String, String> map(String prefix) {
    Map<String, String> out = new LinkedHashMap<>();
    String dotted = prefix + ".";
    for (Map.Entry<String, String> e : fields.entrySet()) {
      if (e.getKey().startsWith(dotted)) {
        out.put(e.getKey().substring(dotted.length()), e.getValue());
      }
    }
    return out;
  }

  public String render() {
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, String> e : fields.entrySet()) {
      out.append(e.getKey()).append(": ").append(escape(e.getValue(), false)).append('\n');
    }
    if (body != null) {
      out.append('\n').append(body);
    }
    return out.toString();
  }

  /**
   * Parses a rendered document.
   *
   * @throws InvalidStateException when the text is not a document
   */
  public static StateDocument parse(String text) {
    Map<String, String> fields = new LinkedHashMap<>();
    int pos = 0;
    int lineNo = 1;
    String body = null;
    while (pos < text.length()) {
      int eol = text.indexOf('\n', pos);
      if (eol < 0) {
        throw new InvalidStateException("line " + lineNo + " does not end with a line break");
      }
      String line = text.substring(pos, eol);
      pos = eol + 1;
      if (line.isEmpty()) {
        body = text.substring(pos);
        break;
      }
      int colon = line.indexOf(": ");
      if (colon <= 0) {
        throw new InvalidStateException("line " + lineNo + " is not 'name: value'");
      }
      String name = unescape(line.substring(0, colon), lineNo);
      if (fields.put(name, unescape(line.substring(colon + 2), lineNo)) != null) {
        throw new InvalidStateException("line " + lineNo + " repeats field '" + name + "'");
      }
      lineNo++;
    }
    if (!fields.containsKey("kind")) {
      throw new InvalidStateException("the first field must be 'kind'");
    }
    return new StateDocument(fields, body);
  }

  static String escape(String value, boolean key) {
    StringBuilder out = null;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      String replacement =
          switch (c) {
            case '\\' -> "\\\\";
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            case '\t' -> "\\t";
            default -> {
              if (Character.isISOControl(c) || (key && (c == ':' || c == ' '))) {
                yield String.format("\\u%04x", (int) c);
              }
              yield null;
            }
          };
      if (replacement != null) {
        if (out == null) {
          out = new StringBuilder(value.length() + 8).append(value, 0, i);
        }
        out.append(replacement);
      } else if (out != null) {
        out.append(c);
      }
    }
    return out == null ? value : out.toString();
  }

  private static String unescape(String value, int lineNo) {
    if (value.indexOf('\\') < 0) {
      return value;
    }
    StringBuilder out = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c != '\\') {
        out.append(c);
        continue;
      }
      if (i + 1 >= value.length()) {
        throw new InvalidStateException("line " + lineNo + " ends in a lone backslash");
      }
      char next = value.charAt(++i);
      switch (next) {
        case '\\' -> out.append('\\');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'u' -> {
          if (i + 4 >= value.length()) {
            throw new InvalidStateException("line " + lineNo + " has a short \\u escape");
          }
          try {
            out.append((char) Integer.parseInt(value.substring(i + 1, i + 5), 16));
          } catch (NumberFormatException e) {
            throw new InvalidStateException("line " + lineNo + " has a bad \\u escape");
          }
          i += 4;
        }
        default ->
            throw new InvalidStateException("line " + lineNo + " has an unknown escape \\" + next);
      }
    }
    return out.toString();
  }

  /** Builds a document field by field, in the order given. */
  public static final class Builder {
    private final Map<String, String> fields = new LinkedHashMap<>();
    private @Nullable String body;

    private Builder(String kind) {
      fields.put("kind", requireNonNull(kind, "kind"));
    }

    public Builder field(String name, String value) {
      fields.put(name, requireNonNull(value, name));
      return this;
    }

    public Builder fieldIfPresent(String name, @Nullable String value) {
      if (value != null) {
        fields.put(name, value);
      }
      return this;
    }

    /** Adds {@code prefix.key: value} for each entry, keys in sorted order. */
    public Builder map(String prefix, Map<String, String> map) {
      List<String> keys = new ArrayList<>(map.keySet());
      Collections.sort(keys);
      for (String key : keys) {
        fields.put(prefix + "." + escape(key, true), map.get(key));
      }
      return this;
    }

    public Builder body(String text) {
      this.body = requireNonNull(text, "text");
      return this;
    }

    public StateDocument build() {
      return new StateDocument(new LinkedHashMap<>(fields), body);
    }

    public String render() {
      return build().render();
    }
  }
}
