package io.linkmesh.domain.fleet;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A collector's health as it reports it: the whole agent at the top, its pipelines and components
 * below (OpAMP {@code ComponentHealth}).
 */
public record Health(
    boolean healthy, String status, String lastError, Map<String, Health> components) {
  public static final int MAX_COMPONENTS = 1024;
  public static final int MAX_TEXT = 4096;

  public Health {
    requireNonNull(status, "status");
    requireNonNull(lastError, "lastError");
    requireNonNull(components, "components");
    if (components.size() > MAX_COMPONENTS) {
      throw new IllegalArgumentException(
          "health has " + components.size() + " components, more than " + MAX_COMPONENTS);
    }
    status = clip(status);
    lastError = clip(lastError);
    components = Collections.unmodifiableSortedMap(new TreeMap<>(components));
  }

  public static Health of(boolean healthy, String status, String lastError) {
    return new Health(healthy, status, lastError, Map.of());
  }

  private static String clip(String text) {
    return text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT);
  }
}
