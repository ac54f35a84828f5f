package io.linkmesh.domain.fleet;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The configuration a collector reports it is really running, file name to text (OpAMP sends one
 * entry under the key {@code ""}; Alloy likewise).
 */
public record EffectiveConfig(Map<String, String> files) {
  /** Larger reports are refused by the adapters before they reach the domain. */
  public static final int MAX_TOTAL_CHARS = 4 * 1024 * 1024;

  public EffectiveConfig {
    requireNonNull(files, "files");
    long total = 0;
    for (Map.Entry<String, String> e : files.entrySet()) {
      total += e.getKey().length() + e.getValue().length();
    }
    if (total > MAX_TOTAL_CHARS) {
      throw new IllegalArgumentException(
          "effective config of " + total + " characters exceeds " + MAX_TOTAL_CHARS);
    }
    files = Collections.unmodifiableSortedMap(new TreeMap<>(files));
  }

  /** All files as one text, in name order, the way an operator reads it. */
  public String text() {
    if (files.size() == 1) {
      return files.values().iterator().next();
    }
    StringBuilder out = new StringBuilder();
    new TreeMap<>(files)
        .forEach(
            (name, body) -> {
              if (out.length() > 0) {
                out.append('\n');
              }
              out.append("# --- ").append(name.isEmpty() ? "(default)" : name).append(" ---\n");
              out.append(body);
            });
    return out.toString();
  }
}
