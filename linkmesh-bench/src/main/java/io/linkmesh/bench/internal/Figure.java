package io.linkmesh.bench.internal;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * One measured figure of a bench, with the project's target for it when it has one.
 *
 * @param target null for a figure reported for information only
 */
public record Figure(String name, double value, String unit, @Nullable Target target) {
  public Figure {
    requireNonNull(name, "name");
    requireNonNull(unit, "unit");
  }

  public static Figure info(String name, double value, String unit) {
    return new Figure(name, value, unit, null);
  }

  public static Figure atMost(String name, double value, String unit, double bound) {
    return new Figure(name, value, unit, new Target(Target.Bound.AT_MOST, bound));
  }

  public static Figure atLeast(String name, double value, String unit, double bound) {
    return new Figure(name, value, unit, new Target(Target.Bound.AT_LEAST, bound));
  }

  /** PASS, MISS, or "" for an information-only figure. */
  public String verdict() {
    if (target == null) {
      return "";
    }
    return target.holds(value) ? "PASS" : "MISS";
  }

  public String valueText() {
    return format(value) + (unit.isEmpty() ? "" : " " + unit);
  }

  public String targetText() {
    return target == null ? "" : target.describe(unit);
  }

  /** Numbers as a reader wants them: thousands grouped, few decimals. */
  static String format(double v) {
    if (Double.isNaN(v)) {
      return "n/a";
    }
    double a = Math.abs(v);
    if (a >= 1000) {
      return String.format(Locale.ROOT, "%,.0f", v);
    }
    if (a >= 100 || v == Math.rint(v)) {
      return String.format(Locale.ROOT, "%.0f", v);
    }
    if (a >= 10) {
      return String.format(Locale.ROOT, "%.1f", v);
    }
    return String.format(Locale.ROOT, "%.2f", v);
  }

  /** A bound on a figure. */
  public record Target(Bound bound, double limit) {
    public Target {
      requireNonNull(bound, "bound");
    }

    public boolean holds(double value) {
      if (Double.isNaN(value)) {
        return false;
      }
      return bound == Bound.AT_MOST ? value <= limit : value >= limit;
    }

    public String describe(String unit) {
      return (bound == Bound.AT_MOST ? "≤ " : "≥ ")
          + format(limit)
          + (unit.isEmpty() ? "" : " " + unit);
    }

    /** Which side of the limit passes. */
    public enum Bound {
      AT_MOST,
      AT_LEAST
    }
  }
}
