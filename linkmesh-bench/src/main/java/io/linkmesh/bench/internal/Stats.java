package io.linkmesh.bench.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The few statistics the benches report. */
public final class Stats {
  private Stats() {}

  /** The median; the mean of the two middle values for an even count. */
  public static double median(List<Double> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("the median of no values");
    }
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  public static double max(List<Double> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("the maximum of no values");
    }
    return Collections.max(values);
  }
}
