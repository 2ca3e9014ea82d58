package com.ltvforecast.forecast;

import java.util.Objects;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;

/**
 * Training rows for a candidate: feature vectors in schema order, spend over the horizon, churn
 * labels.
 */
public record FitData(double[][] features, double[] spend, boolean[] churned) {

  public FitData {
    Objects.requireNonNull(features, "features");
    Objects.requireNonNull(spend, "spend");
    Objects.requireNonNull(churned, "churned");
    if (features.length != spend.length || features.length != churned.length) {
      throw new IllegalArgumentException("features, spend and churned differ in length");
    }
  }

  public int size() {
    return spend.length;
  }

  public FitData subset(IntPredicate keep) {
    return subset(indices(size(), keep));
  }

  public FitData subset(int[] rows) {
    double[][] f = new double[rows.length][];
    double[] s = new double[rows.length];
    boolean[] c = new boolean[rows.length];
    for (int j = 0; j < rows.length; j++) {
      f[j] = features[rows[j]];
      s[j] = spend[rows[j]];
      c[j] = churned[rows[j]];
    }
    return new FitData(f, s, c);
  }

  public static int[] indices(int n, IntPredicate keep) {
    return IntStream.range(0, n).filter(keep).toArray();
  }
}
