package io.orchestrator.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/** The statistics the report uses: nearest-rank percentiles, medians and the min–max spread over runs. */
public final class Stats {
  private Stats() {}

  /** Nearest-rank percentile (rank ceil(p/100·n), 1-based) of values in any order; NaN when empty. */
  public static double percentile(Collection<? extends Number> values, double p) {
    if (p <= 0 || p > 100) {
      throw new IllegalArgumentException("percentile must be in (0, 100]: " + p);
    }
    List<Double> sorted = sorted(values);
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(1, rank) - 1);
  }

  /** The median; for an even count the mean of the two middle values. NaN when empty. */
  public static double median(Collection<? extends Number> values) {
    List<Double> sorted = sorted(values);
    int n = sorted.size();
    if (n == 0) {
      return Double.NaN;
    }
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
  }

  public static double min(Collection<? extends Number> values) {
    List<Double> sorted = sorted(values);
    return sorted.isEmpty() ? Double.NaN : sorted.get(0);
  }

  public static double max(Collection<? extends Number> values) {
    List<Double> sorted = sorted(values);
    return sorted.isEmpty() ? Double.NaN : sorted.get(sorted.size() - 1);
  }

  /** Median and spread of one metric over several runs; runs without a value are left out. */
  public record Summary(double median, double min, double max, int runs) {
    public static Summary of(Collection<? extends Number> values) {
      return new Summary(Stats.median(values), Stats.min(values), Stats.max(values), sorted(values).size());
    }

    public boolean empty() {
      return runs == 0;
    }
  }

  private static List<Double> sorted(Collection<? extends Number> values) {
    List<Double> out = new ArrayList<>(values.size());
    for (Number v : values) {
      if (v != null && !Double.isNaN(v.doubleValue())) {
        out.add(v.doubleValue());
      }
    }
    Collections.sort(out);
    return out;
  }
}
