package io.linkmesh.domain.config;

import static java.util.Objects.requireNonNull;

import io.linkmesh.domain.fleet.Attributes;
import java.util.Map;

/**
 * Which collectors a config applies to: every matcher must hold. A matcher {@code key=value} holds
 * when the collector's label of that key, or else its reported attribute of that key, equals the
 * value. The empty selector matches every collector of the config's runtime.
 */
public record Selector(Map<String, String> matchers) {
  public static final Selector ALL = new Selector(Map.of());

  public Selector {
    matchers = Attributes.checked("selector", requireNonNull(matchers, "matchers"));
  }

  public static Selector of(Map<String, String> matchers) {
    return new Selector(matchers);
  }

  /**
   * @param selectable the collector's attributes with its labels laid over them
   */
  public boolean matches(Map<String, String> selectable) {
    return matches(selectable, Map.of());
  }

  /**
   * Whether a collector with these labels and reported attributes is selected: a label, else the
   * attribute of that key, must equal each matcher's value. Spares callers the merged map.
   */
  public boolean matches(Map<String, String> labels, Map<String, String> attributes) {
    for (Map.Entry<String, String> m : matchers.entrySet()) {
      String value = labels.get(m.getKey());
      if (value == null) {
        value = attributes.get(m.getKey());
      }
      if (!m.getValue().equals(value)) {
        return false;
      }
    }
    return true;
  }

  public boolean isEmpty() {
    return matchers.isEmpty();
  }
}
