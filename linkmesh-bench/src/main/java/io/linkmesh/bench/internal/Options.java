package io.linkmesh.bench.internal;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The command-line options of a bench: {@code --name value}, {@code --name=value} or a bare {@code
 * --flag}. A value may start with a single dash ({@code --server-jvm-args -Xlog:gc}); a token
 * starting with {@code --} is always the next option.
 */
public final class Options {
  private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)?");

  private final Map<String, String> values;
  private final Set<String> read = new TreeSet<>();

  private Options(Map<String, String> values) {
    this.values = values;
  }

  public static Options parse(List<String> args) {
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (!arg.startsWith("--") || arg.length() == 2) {
        throw new IllegalArgumentException("expected an option (--name), not '" + arg + "'");
      }
      String name;
      String value;
      int eq = arg.indexOf('=');
      if (eq > 0) {
        name = arg.substring(2, eq);
        value = arg.substring(eq + 1);
      } else {
        name = arg.substring(2);
        if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
          value = args.get(++i);
        } else {
          value = "true";
        }
      }
      if (values.put(name, value) != null) {
        throw new IllegalArgumentException("--" + name + " is given twice");
      }
    }
    return new Options(values);
  }

  public static Options none() {
    return new Options(new LinkedHashMap<>());
  }

  public String string(String name, String fallback) {
    String v = raw(name);
    return v == null ? fallback : v;
  }

  public @Nullable String optional(String name) {
    return raw(name);
  }

  public boolean flag(String name) {
    String v = raw(name);
    if (v == null) {
      return false;
    }
    if (v.equals("true") || v.equals("false")) {
      return Boolean.parseBoolean(v);
    }
    throw new IllegalArgumentException(
        "--" + name + " takes no value (or true/false): '" + v + "'");
  }

  public int integer(String name, int fallback) {
    String v = raw(name);
    if (v == null) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(v.replace("_", "").replace(",", ""));
      if (n < 0) {
        throw new IllegalArgumentException("--" + name + " must not be negative: " + v);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " needs a whole number, not '" + v + "'");
    }
  }

  public double decimal(String name, double fallback) {
    String v = raw(name);
    if (v == null) {
      return fallback;
    }
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " needs a number, not '" + v + "'");
    }
  }

  public Duration duration(String name, Duration fallback) {
    String v = raw(name);
    return v == null ? fallback : parseDuration(name, v);
  }

  /** The whitespace-separated words of an option, e.g. extra JVM arguments. */
  public List<String> words(String name) {
    String v = raw(name);
    if (v == null || v.isBlank()) {
      return List.of();
    }
    return List.copyOf(Arrays.asList(v.trim().split("\\s+")));
  }

  /** Options given but never asked for: a typo should fail the run, not be ignored silently. */
  public List<String> unread() {
    List<String> unread = new ArrayList<>();
    for (String name : values.keySet()) {
      if (!read.contains(name)) {
        unread.add("--" + name);
      }
    }
    return unread;
  }

  /** {@code 30s}, {@code 500ms}, {@code 2m}, {@code 1h}; a bare number is seconds. */
  static Duration parseDuration(String name, String text) {
    Matcher m = DURATION.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "--" + name + " needs a duration like 30s, 500ms or 2m, not '" + text + "'");
    }
    double amount = Double.parseDouble(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    double millis;
    switch (unit) {
      case "ms":
        millis = amount;
        break;
      case "m":
        millis = amount * 60_000;
        break;
      case "h":
        millis = amount * 3_600_000;
        break;
      default:
        millis = amount * 1000;
    }
    return Duration.ofMillis(Math.round(millis));
  }

  private @Nullable String raw(String name) {
    requireNonNull(name, "name");
    read.add(name);
    return values.get(name);
  }
}
