package io.linkmesh.domain.fleet;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * How much one collector may report about itself, and the rule that fits a report within it.
 *
 * <p>A collector cannot change what it reports (it comes from its host, its build and its
 * operator's config file), so refusing an oversized report would only leave it unmanaged: Alloy
 * fails its whole {@code remotecfg} block when RegisterCollector fails. The attributes are
 * therefore cut to fit, by one deterministic rule, before anything keeps or stores them:
 *
 * <ol>
 *   <li>an entry whose key is empty, longer than {@code maxKeyLength} or holds a control character
 *       is dropped (no selector could name it reliably);
 *   <li>a value longer than {@code maxValueLength} is cut to that length (never inside a surrogate
 *       pair);
 *   <li>entries are then taken in key order while fewer than {@code maxEntries} are taken; one
 *       whose key and value would take the total past {@code maxTotalChars} is dropped and later
 *       entries may still fit. Where a protocol ranks its attributes (OpAMP's identifying ones
 *       before the non-identifying), the preferred ones are all taken first, and a preferred key
 *       wins over the same key among the rest.
 * </ol>
 *
 * <p>The rule is idempotent: a map that already fits comes back equal. Lengths count UTF-16 chars.
 *
 * @param maxEntries the most attributes kept
 * @param maxKeyLength the longest key kept
 * @param maxValueLength the longest value kept whole
 * @param maxTotalChars the most characters of keys plus values kept per collector
 */
public record AttributeLimits(
    int maxEntries, int maxKeyLength, int maxValueLength, int maxTotalChars) {

  /**
   * What a collector may report. An otelcol supervisor reports about ten attributes and Alloy two
   * plus its operator's few, each well under a hundred characters, even with resource attributes
   * copied in; these limits leave them several times that room, and keep a record in the store
   * under 16 Ki characters whatever a collector sends.
   */
  public static final AttributeLimits COLLECTOR = new AttributeLimits(64, 128, 1024, 16 * 1024);

  public AttributeLimits {
    if (maxEntries < 1 || maxKeyLength < 1 || maxValueLength < 1 || maxTotalChars < 1) {
      throw new IllegalArgumentException(
          "attribute limits must be positive: "
              + maxEntries
              + ", "
              + maxKeyLength
              + ", "
              + maxValueLength
              + ", "
              + maxTotalChars);
    }
  }

  /** An immutable, key-sorted copy of {@code reported} cut to fit by the rule above. */
  public Map<String, String> bound(Map<String, String> reported) {
    return bound(reported, Map.of());
  }

  /**
   * An immutable, key-sorted map of {@code preferred} and then {@code rest} cut to fit by the rule
   * above: every preferred entry that fits is kept before any of the rest is considered.
   */
  public Map<String, String> bound(Map<String, String> preferred, Map<String, String> rest) {
    SortedMap<String, String> kept = new TreeMap<>();
    long total = take(candidates(preferred), kept, 0);
    SortedMap<String, String> others = candidates(rest);
    others.keySet().removeAll(preferred.keySet());
    take(others, kept, total);
    return Collections.unmodifiableSortedMap(kept);
  }

  private SortedMap<String, String> candidates(Map<String, String> reported) {
    SortedMap<String, String> out = new TreeMap<>();
    for (Map.Entry<String, String> e : reported.entrySet()) {
      String key = e.getKey();
      String value = e.getValue();
      if (allowsKey(key) && value != null) {
        out.put(key, clip(value));
      }
    }
    return out;
  }

  /** Adds what fits of {@code candidates} to {@code kept}; returns the new total. */
  private long take(SortedMap<String, String> candidates, Map<String, String> kept, long total) {
    for (Map.Entry<String, String> e : candidates.entrySet()) {
      if (kept.size() == maxEntries) {
        break;
      }
      long size = (long) e.getKey().length() + e.getValue().length();
      if (total + size <= maxTotalChars) {
        kept.put(e.getKey(), e.getValue());
        total += size;
      }
    }
    return total;
  }

  /** Whether {@code reported} is kept whole by {@link #bound}. */
  public boolean fits(Map<String, String> reported) {
    return bound(reported).equals(reported);
  }

  /** {@code value} cut to {@code maxValueLength}, without splitting a surrogate pair. */
  public String clip(String value) {
    if (value.length() <= maxValueLength) {
      return value;
    }
    int end = maxValueLength;
    if (Character.isHighSurrogate(value.charAt(end - 1))) {
      end--;
    }
    return value.substring(0, end);
  }

  /** Whether an attribute named {@code key} can be kept: 1 to maxKeyLength, no control chars. */
  public boolean allowsKey(@Nullable String key) {
    if (key == null || key.isEmpty() || key.length() > maxKeyLength) {
      return false;
    }
    for (int i = 0; i < key.length(); i++) {
      if (Character.isISOControl(key.charAt(i))) {
        return false;
      }
    }
    return true;
  }
}
