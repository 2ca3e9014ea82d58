package com.ltvforecast.model;

import java.util.Arrays;
import java.util.Objects;

/**
 * Signed log1p on every column, clipped to the range the training rows spanned, then
 * standardisation with training-set mean and standard deviation. Money, counts and day spans are
 * all heavy-tailed and non-negative, so log1p tames them; the signed form keeps net-negative spend
 * (refunds) and any appended column (e.g. a BTYD probability) well defined without per-column
 * configuration.
 *
 * <p>The clip keeps the network inside the region it was fitted on: beyond it a relu network is
 * linear in its inputs, so its log spend grows linearly and its spend exponentially with a feature
 * no training customer reached (the largest spender of a new day is, by definition, often such a
 * customer). Clipped, the forecast there is the forecast at the edge of the training range.
 *
 * @param lower per column, the smallest transformed training value ({@code -Infinity}: no clip)
 * @param upper per column, the largest transformed training value ({@code +Infinity}: no clip)
 */
public record FeatureNormaliser(double[] mean, double[] std, double[] lower, double[] upper) {

  public FeatureNormaliser {
    Objects.requireNonNull(mean, "mean");
    Objects.requireNonNull(std, "std");
    Objects.requireNonNull(lower, "lower");
    Objects.requireNonNull(upper, "upper");
    if (mean.length != std.length || lower.length != mean.length || upper.length != mean.length) {
      throw new ModelException(
          "mean, std and the clip range differ in length: "
              + mean.length
              + ", "
              + std.length
              + ", "
              + lower.length
              + ", "
              + upper.length);
    }
    for (int i = 0; i < std.length; i++) {
      if (!(std[i] > 0) || !Double.isFinite(mean[i]) || Double.isInfinite(std[i])) {
        throw new ModelException(
            "column " + i + " has invalid mean/std: " + mean[i] + "/" + std[i]);
      }
      if (Double.isNaN(lower[i]) || Double.isNaN(upper[i]) || !(lower[i] <= upper[i])) {
        throw new ModelException(
            "column " + i + " has an invalid clip range: " + lower[i] + ".." + upper[i]);
      }
    }
  }

  /** A normaliser without a clip range (weights files of format 1). */
  public FeatureNormaliser(double[] mean, double[] std) {
    this(
        mean,
        std,
        filled(mean.length, Double.NEGATIVE_INFINITY),
        filled(mean.length, Double.POSITIVE_INFINITY));
  }

  private static double[] filled(int n, double value) {
    double[] a = new double[n];
    Arrays.fill(a, value);
    return a;
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
   * Statistics and range of the training rows; the std is floored at {@link #MIN_STD} (a constant
   * column maps to 0).
   */
  public static FeatureNormaliser fit(double[][] rows) {
    if (rows.length == 0) {
      throw new ModelException("cannot fit a normaliser on 0 rows");
    }
    int d = rows[0].length;
    double[] mean = new double[d];
    double[] m2 = new double[d];
    double[] lower = filled(d, Double.POSITIVE_INFINITY);
    double[] upper = filled(d, Double.NEGATIVE_INFINITY);
    for (int r = 0; r < rows.length; r++) {
      checkWidth(rows[r], d, r);
      for (int c = 0; c < d; c++) {
        double x = transform(rows[r][c]);
        lower[c] = Math.min(lower[c], x);
        upper[c] = Math.max(upper[c], x);
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
    return new FeatureNormaliser(mean, std, lower, upper);
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
        out[base + c] = (float) ((clip(transform(rows[r][c]), c) - mean[c]) / std[c]);
      }
    }
    return out;
  }

  /** A transformed value of column {@code c}, clipped to the training range. */
  private double clip(double transformed, int c) {
    return Math.min(Math.max(transformed, lower[c]), upper[c]);
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
        && Arrays.equals(std, n.std)
        && Arrays.equals(lower, n.lower)
        && Arrays.equals(upper, n.upper);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(
        new int[] {
          Arrays.hashCode(mean),
          Arrays.hashCode(std),
          Arrays.hashCode(lower),
          Arrays.hashCode(upper)
        });
  }

  @Override
  public String toString() {
    return "FeatureNormaliser[mean="
        + Arrays.toString(mean)
        + ", std="
        + Arrays.toString(std)
        + ", lower="
        + Arrays.toString(lower)
        + ", upper="
        + Arrays.toString(upper)
        + "]";
  }
}
