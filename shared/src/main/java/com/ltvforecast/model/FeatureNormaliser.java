package com.ltvforecast.model;

import java.util.Arrays;
import java.util.Objects;

/**
 * Signed log1p on every column, then standardisation with training-set mean and standard deviation.
 * Money, counts and day spans are all heavy-tailed and non-negative, so log1p tames them; the
 * signed form keeps net-negative spend (refunds) and any appended column (e.g. a BTYD probability)
 * well defined without per-column configuration.
 */
public record FeatureNormaliser(double[] mean, double[] std) {

  public FeatureNormaliser {
    Objects.requireNonNull(mean, "mean");
    Objects.requireNonNull(std, "std");
    if (mean.length != std.length) {
      throw new ModelException(
          "mean and std differ in length: " + mean.length + " vs " + std.length);
    }
    for (int i = 0; i < std.length; i++) {
      if (!(std[i] > 0) || !Double.isFinite(mean[i]) || Double.isInfinite(std[i])) {
        throw new ModelException(
            "column " + i + " has invalid mean/std: " + mean[i] + "/" + std[i]);
      }
    }
  }

  /**
   * Floor on the standard deviation, in signed-log1p units. Without it a nearly constant column
   * (BG/NBD's P(alive) in the no-dropout limit has a spread of about 3e-6) turns any customer
   * slightly off the mean into a z-score of -34, which the exp link then extrapolates. 0.05
   * log-units is a 5% relative change of the raw quantity: less spread than that carries no signal
   * the network can use, and the column is held near 0 instead of magnified. Columns with real
   * spread (std well above 0.05) are unaffected.
   */
  public static final double MIN_STD = 0.05;

  /**
   * Statistics of the training rows; the std is floored at {@link #MIN_STD} (a constant column maps
   * to 0).
   */
  public static FeatureNormaliser fit(double[][] rows) {
    if (rows.length == 0) {
      throw new ModelException("cannot fit a normaliser on 0 rows");
    }
    int d = rows[0].length;
    double[] mean = new double[d];
    double[] m2 = new double[d];
    for (int r = 0; r < rows.length; r++) {
      checkWidth(rows[r], d, r);
      for (int c = 0; c < d; c++) {
        double x = transform(rows[r][c]);
        double delta = x - mean[c];
        mean[c] += delta / (r + 1);
        m2[c] += delta * (x - mean[c]);
      }
    }
    double[] std = new double[d];
    for (int c = 0; c < d; c++) {
      double s = Math.sqrt(m2[c] / rows.length);
      std[c] = Math.max(s, MIN_STD);
    }
    return new FeatureNormaliser(mean, std);
  }

  public int width() {
    return mean.length;
  }

  /** Normalises rows into one row-major float buffer, the layout of an (n, d) tensor. */
  public float[] apply(double[][] rows, int from, int to) {
    int d = mean.length;
    float[] out = new float[(to - from) * d];
    for (int r = from; r < to; r++) {
      checkWidth(rows[r], d, r);
      int base = (r - from) * d;
      for (int c = 0; c < d; c++) {
        out[base + c] = (float) ((transform(rows[r][c]) - mean[c]) / std[c]);
      }
    }
    return out;
  }

  static double transform(double x) {
    return Math.signum(x) * Math.log1p(Math.abs(x));
  }

  static void checkWidth(double[] row, int d, int index) {
    if (row.length != d) {
      throw new ModelException("row " + index + " has " + row.length + " columns, expected " + d);
    }
    for (double v : row) {
      if (!Double.isFinite(v)) {
        throw new ModelException("row " + index + " has a non-finite value: " + v);
      }
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FeatureNormaliser n
        && Arrays.equals(mean, n.mean)
        && Arrays.equals(std, n.std);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
  }

  @Override
  public String toString() {
    return "FeatureNormaliser[mean="
        + Arrays.toString(mean)
        + ", std="
        + Arrays.toString(std)
        + "]";
  }
}
