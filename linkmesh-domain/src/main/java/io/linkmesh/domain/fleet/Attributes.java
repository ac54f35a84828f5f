package io.linkmesh.domain.fleet;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** Bounds and normalisation shared by attribute and label maps. */
public final class Attributes {
  public static final int MAX_ENTRIES = 256;
  public static final int MAX_KEY_LENGTH = 256;
  public static final int MAX_VALUE_LENGTH = 4096;

  private Attributes() {}

  /**
   * Returns an immutable, key-sorted copy of {@code map}, or throws an IAE naming what is out of
   * bounds.
   */
  public static Map<String, String> checked(String what, Map<String, String> map) {
    if (map.size() > MAX_ENTRIES) {
      throw new IllegalArgumentException(
          what + " has " + map.size() + " entries, more than " + MAX_ENTRIES);
    }
    for (Map.Entry<String, String> e : map.entrySet()) {
      String key = e.getKey();
      if (key == null || key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
        throw new IllegalArgumentException(
            what + " key must be 1-" + MAX_KEY_LENGTH + " characters: '" + key + "'");
      }
      String value = e.getValue();
      if (value == null || value.length() > MAX_VALUE_LENGTH) {
        throw new IllegalArgumentException(
            what + " '" + key + "' value must be at most " + MAX_VALUE_LENGTH + " characters");
      }
      for (int i = 0; i < key.length(); i++) {
        if (Character.isISOControl(key.charAt(i))) {
          throw new IllegalArgumentException(what + " key has a control character: '" + key + "'");
        }
      }
    }
    return Collections.unmodifiableSortedMap(new TreeMap<>(map));
  }

  private static final Pattern LABEL_KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/-]{0,127}");
  public static final int MAX_LABELS = 64;
  public static final int MAX_LABEL_VALUE = 256;

  /**
   * Operator labels: at most 64, keys of {@code [A-Za-z0-9][A-Za-z0-9._/-]*} up to 128 characters,
   * values up to 256 characters without control characters.
   */
  public static Map<String, String> checkedLabels(Map<String, String> labels) {
    if (labels.size() > MAX_LABELS) {
      throw new IllegalArgumentException(
          "labels has " + labels.size() + " entries, more than " + MAX_LABELS);
    }
    for (Map.Entry<String, String> e : labels.entrySet()) {
      if (e.getKey() == null || !LABEL_KEY.matcher(e.getKey()).matches()) {
        throw new IllegalArgumentException(
            "label key must match [A-Za-z0-9][A-Za-z0-9._/-]{0,127}: '" + e.getKey() + "'");
      }
      String value = e.getValue();
      if (value == null || value.length() > MAX_LABEL_VALUE) {
        throw new IllegalArgumentException(
            "label '" + e.getKey() + "' value must be at most " + MAX_LABEL_VALUE + " characters");
      }
      for (int i = 0; i < value.length(); i++) {
        if (Character.isISOControl(value.charAt(i))) {
          throw new IllegalArgumentException(
              "label '" + e.getKey() + "' value has a control character");
        }
      }
    }
    return Collections.unmodifiableSortedMap(new TreeMap<>(labels));
  }
}
