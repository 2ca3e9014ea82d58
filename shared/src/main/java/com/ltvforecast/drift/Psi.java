package com.ltvforecast.drift;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Population stability index: {@code PSI = sum_i (a_i - e_i) ln(a_i / e_i)} over the bins of a
 * reference distribution, e = expected (training) shares, a = actual (serving) shares. The usual
 * reading: below 0.1 stable, 0.1 to 0.2 a moderate shift, above 0.2 a significant one.
 */
public final class Psi {

  /** Above this a feature's shift is significant and worth a warning. */
  public static final double WARN_THRESHOLD = 0.2;

  /** Bins per feature: deciles of the training customers. */
  public static final int DEFAULT_BINS = 10;

  /** An empty bin would make ln(a/e) infinite; its share is floored here, as is customary. */
  static final double MIN_SHARE = 1e-4;

  private Psi() {}

  /**
   * The reference distribution of one feature: edges at the {@code bins} quantiles of the values
   * (duplicates merged, so a feature that is mostly 0 gets fewer, wider bins) and the share of
   * values in each bin.
   */
  public static BinnedDistribution reference(double[] values, int bins) {
    if (values.length == 0) {
      throw new IllegalArgumentException("cannot bin an empty feature");
    }
    if (bins < 2) {
      throw new IllegalArgumentException("bins must be >= 2, got " + bins);
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    double[] edges = new double[bins - 1];
    int n = 0;
    for (int i = 1; i < bins; i++) {
      double edge = sorted[(int) Math.ceil((double) i * sorted.length / bins) - 1];
      // An edge at the maximum would leave the last bin empty in training: it adds nothing.
      if ((n == 0 || edge > edges[n - 1]) && edge < sorted[sorted.length - 1]) {
        edges[n++] = edge;
      }
    }
    edges = Arrays.copyOf(edges, n);
    long[] counts = new long[n + 1];
    BinnedDistribution shape = new BinnedDistribution(edges, new double[n + 1]);
    for (double v : values) {
      counts[shape.bin(v)]++;
    }
    return new BinnedDistribution(edges, proportions(counts));
  }

  /** The reference distribution of every column of {@code rows}, keyed by name in column order. */
  public static Map<String, BinnedDistribution> references(
      List<double[]> rows, List<String> names, int bins) {
    Map<String, BinnedDistribution> references = new LinkedHashMap<>();
    if (rows.isEmpty()) {
      return references;
    }
    double[] column = new double[rows.size()];
    for (int j = 0; j < names.size(); j++) {
      for (int i = 0; i < column.length; i++) {
        column[i] = rows.get(i)[j];
      }
      references.put(names.get(j), reference(column, bins));
    }
    return references;
  }

  /** Counts of {@code values} in the bins of {@code reference}. */
  public static long[] counts(BinnedDistribution reference, double[] values) {
    long[] counts = new long[reference.bins()];
    for (double v : values) {
      counts[reference.bin(v)]++;
    }
    return counts;
  }

  /** PSI of observed bin counts against the reference's shares. */
  public static double psi(BinnedDistribution reference, long[] actualCounts) {
    return psi(reference.proportions(), proportions(actualCounts));
  }

  /** PSI between two share vectors over the same bins. */
  public static double psi(double[] expected, double[] actual) {
    if (expected.length != actual.length) {
      throw new IllegalArgumentException(
          "bins differ: " + expected.length + " expected, " + actual.length + " actual");
    }
    double psi = 0;
    for (int i = 0; i < expected.length; i++) {
      double e = Math.max(expected[i], MIN_SHARE);
      double a = Math.max(actual[i], MIN_SHARE);
      psi += (a - e) * Math.log(a / e);
    }
    return psi;
  }

  public static double[] proportions(long[] counts) {
    long total = 0;
    for (long c : counts) {
      total += c;
    }
    double[] shares = new double[counts.length];
    for (int i = 0; i < counts.length && total > 0; i++) {
      shares[i] = (double) counts[i] / total;
    }
    return shares;
  }
}
