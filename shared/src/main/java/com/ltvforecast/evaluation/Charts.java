package com.ltvforecast.evaluation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The data behind the evaluation report's charts, computed from per-customer predictions and
 * outcomes.
 */
public final class Charts {

  private Charts() {}

  /** One group of customers of a decile chart: ordered by predicted spend, highest first. */
  public record Decile(int decile, int customers, double meanPredicted, double meanActual) {}

  /** One bin of a reliability diagram: churn probabilities in [lower, upper). */
  public record ReliabilityBin(
      double lower, double upper, int customers, double meanPredicted, double observed) {}

  /**
   * Customers sorted by predicted spend (descending; ties in input order) and cut into {@code
   * groups} groups of (nearly) equal size; empty groups are left out.
   */
  public static List<Decile> deciles(double[] predicted, double[] actual, int groups) {
    int n = predicted.length;
    Integer[] idx = new Integer[n];
    for (int i = 0; i < n; i++) {
      idx[i] = i;
    }
    Arrays.sort(idx, (a, b) -> Double.compare(predicted[b], predicted[a]));
    List<Decile> out = new ArrayList<>();
    for (int g = 0; g < groups; g++) {
      int from = (int) ((long) g * n / groups);
      int to = (int) ((long) (g + 1) * n / groups);
      if (to <= from) {
        continue;
      }
      double p = 0;
      double a = 0;
      for (int j = from; j < to; j++) {
        p += predicted[idx[j]];
        a += actual[idx[j]];
      }
      out.add(new Decile(g + 1, to - from, p / (to - from), a / (to - from)));
    }
    return out;
  }

  /** {@code bins} equal-width bins of churn probability over [0, 1]; empty bins are left out. */
  public static List<ReliabilityBin> reliability(
      double[] probability, boolean[] churned, int bins) {
    int[] count = new int[bins];
    double[] sumP = new double[bins];
    double[] sumY = new double[bins];
    for (int i = 0; i < probability.length; i++) {
      int b = Math.min(bins - 1, Math.max(0, (int) (probability[i] * bins)));
      count[b]++;
      sumP[b] += probability[i];
      sumY[b] += churned[i] ? 1 : 0;
    }
    List<ReliabilityBin> out = new ArrayList<>();
    for (int b = 0; b < bins; b++) {
      if (count[b] > 0) {
        out.add(
            new ReliabilityBin(
                (double) b / bins,
                (double) (b + 1) / bins,
                count[b],
                sumP[b] / count[b],
                sumY[b] / count[b]));
      }
    }
    return out;
  }

  /** Metrics on the customers where {@code in} is true, or null when there are none. */
  public static SpendChurnMetrics subset(
      double[] spend, double[] actual, double[] churn, boolean[] churned, boolean[] in) {
    int count = 0;
    for (boolean b : in) {
      count += b ? 1 : 0;
    }
    if (count == 0) {
      return null;
    }
    double[] s = new double[count];
    double[] a = new double[count];
    double[] c = new double[count];
    boolean[] y = new boolean[count];
    for (int i = 0, j = 0; i < in.length; i++) {
      if (in[i]) {
        s[j] = spend[i];
        a[j] = actual[i];
        c[j] = churn[i];
        y[j++] = churned[i];
      }
    }
    return SpendChurnEvaluator.evaluate(s, a, c, y);
  }

  /** Convenience: a map of named series. */
  public static <T> Map<String, T> named(String name, T value) {
    Map<String, T> m = new LinkedHashMap<>();
    m.put(name, value);
    return m;
  }
}
