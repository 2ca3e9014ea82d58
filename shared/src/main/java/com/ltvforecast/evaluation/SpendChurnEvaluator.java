package com.ltvforecast.evaluation;

import java.util.Arrays;
import java.util.Objects;
import org.hipparchus.stat.correlation.PearsonsCorrelation;

/**
 * Computes {@link SpendChurnMetrics} from per-customer predictions and outcomes. The same code
 * scores the network and every baseline, so their numbers are comparable.
 */
public final class SpendChurnEvaluator {

  private SpendChurnEvaluator() {}

  /**
   * @param predictedSpend predicted spend over the horizon, one per validation customer
   * @param actualSpend actual (net) spend over the horizon; may be negative after refunds
   * @param churnScore predicted churn probability (any finite score works: only the ranking
   *     matters)
   * @param churned true when the customer made no purchase in the horizon (the positive class)
   * @throws IllegalArgumentException when the arrays are empty, differ in length or hold non-finite
   *     values
   */
  public static SpendChurnMetrics evaluate(
      double[] predictedSpend, double[] actualSpend, double[] churnScore, boolean[] churned) {
    requireFinite("predictedSpend", predictedSpend);
    requireFinite("actualSpend", actualSpend);
    requireFinite("churnScore", churnScore);
    Objects.requireNonNull(churned, "churned");
    int n = predictedSpend.length;
    if (n == 0) {
      throw new IllegalArgumentException("cannot evaluate on zero customers");
    }
    if (actualSpend.length != n || churnScore.length != n || churned.length != n) {
      throw new IllegalArgumentException(
          "all arrays must have one entry per customer, got lengths "
              + n
              + ", "
              + actualSpend.length
              + ", "
              + churnScore.length
              + ", "
              + churned.length);
    }
    return new SpendChurnMetrics(
        mae(predictedSpend, actualSpend),
        rmse(predictedSpend, actualSpend),
        pearson(predictedSpend, actualSpend),
        aggregateBias(predictedSpend, actualSpend),
        auc(churnScore, churned),
        brier(churnScore, churned),
        logLoss(churnScore, churned),
        normalisedGini(predictedSpend, actualSpend));
  }

  /**
   * Clipping of probabilities in the log-loss: a confident 0/1 forecast costs at most -ln(1e-6) =
   * 13.8.
   */
  public static final double LOG_LOSS_CLIP = 1e-6;

  static boolean areProbabilities(double[] p) {
    for (double v : p) {
      if (!(v >= 0 && v <= 1)) {
        return false;
      }
    }
    return true;
  }

  public static double brier(double[] p, boolean[] positive) {
    if (!areProbabilities(p)) {
      return Double.NaN;
    }
    double sum = 0;
    for (int i = 0; i < p.length; i++) {
      double d = p[i] - (positive[i] ? 1 : 0);
      sum += d * d;
    }
    return sum / p.length;
  }

  public static double logLoss(double[] p, boolean[] positive) {
    if (!areProbabilities(p)) {
      return Double.NaN;
    }
    double sum = 0;
    for (int i = 0; i < p.length; i++) {
      sum -= logLikelihood(p[i], positive[i]);
    }
    return sum / p.length;
  }

  /** ln P(label) under probability p of the positive class, clipped as in {@link #logLoss}. */
  public static double logLikelihood(double p, boolean positive) {
    double q = Math.min(1 - LOG_LOSS_CLIP, Math.max(LOG_LOSS_CLIP, p));
    return positive ? Math.log(q) : Math.log1p(-q);
  }

  /**
   * Gini of actual spend ordered by predicted spend (descending, ties in input order), divided by
   * the Gini of the ideal ordering; NaN when total actual spend is not positive.
   */
  public static double normalisedGini(double[] predicted, double[] actual) {
    double ideal = gini(actual, actual);
    if (!(ideal > 0)) {
      return Double.NaN;
    }
    return gini(predicted, actual) / ideal;
  }

  private static double gini(double[] order, double[] actual) {
    int n = actual.length;
    Integer[] idx = new Integer[n];
    for (int i = 0; i < n; i++) {
      idx[i] = i;
    }
    Arrays.sort(idx, (x, y) -> Double.compare(order[y], order[x]));
    double total = 0;
    for (double a : actual) {
      total += a;
    }
    if (!(total > 0)) {
      return Double.NaN;
    }
    double cumulative = 0;
    double sum = 0;
    for (int i = 0; i < n; i++) {
      cumulative += actual[idx[i]];
      sum += cumulative / total;
    }
    return sum / n - (n + 1) / (2.0 * n);
  }

  static double mae(double[] predicted, double[] actual) {
    double sum = 0;
    for (int i = 0; i < predicted.length; i++) {
      sum += Math.abs(predicted[i] - actual[i]);
    }
    return sum / predicted.length;
  }

  static double rmse(double[] predicted, double[] actual) {
    double sum = 0;
    for (int i = 0; i < predicted.length; i++) {
      double d = predicted[i] - actual[i];
      sum += d * d;
    }
    return Math.sqrt(sum / predicted.length);
  }

  /** Pearson correlation; NaN when undefined (fewer than two customers, or a constant vector). */
  static double pearson(double[] predicted, double[] actual) {
    if (predicted.length < 2 || isConstant(predicted) || isConstant(actual)) {
      return Double.NaN;
    }
    double r = new PearsonsCorrelation().correlation(predicted, actual);
    // Rounding can push |r| a hair past 1 for perfectly (anti-)correlated data.
    return Double.isNaN(r) ? r : Math.max(-1.0, Math.min(1.0, r));
  }

  /** Σpredicted / Σactual − 1; NaN when Σactual &lt;= 0, where a ratio says nothing useful. */
  static double aggregateBias(double[] predicted, double[] actual) {
    double sumPredicted = 0;
    double sumActual = 0;
    for (int i = 0; i < predicted.length; i++) {
      sumPredicted += predicted[i];
      sumActual += actual[i];
    }
    if (!(sumActual > 0)) {
      return Double.NaN;
    }
    double bias = sumPredicted / sumActual - 1;
    // A negative total prediction is a broken model, but the metric must stay representable.
    return Math.max(-1.0, bias);
  }

  /**
   * Mann-Whitney AUC of {@code score} for ranking positives above negatives, ties counting one
   * half; NaN when either class is empty. Sorting each class separately and merging keeps it O(n
   * log n) on primitive arrays, which matters at a million customers.
   */
  static double auc(double[] score, boolean[] positive) {
    int nPos = 0;
    for (boolean p : positive) {
      if (p) {
        nPos++;
      }
    }
    int nNeg = positive.length - nPos;
    if (nPos == 0 || nNeg == 0) {
      return Double.NaN;
    }
    double[] pos = new double[nPos];
    double[] neg = new double[nNeg];
    int ip = 0;
    int in = 0;
    for (int i = 0; i < score.length; i++) {
      if (positive[i]) {
        pos[ip++] = score[i];
      } else {
        neg[in++] = score[i];
      }
    }
    Arrays.sort(pos);
    Arrays.sort(neg);
    // For each positive: negatives strictly below it count 1, negatives equal to it count 1/2.
    double wins = 0;
    int below = 0;
    int belowOrEqual = 0;
    for (double s : pos) {
      while (below < nNeg && neg[below] < s) {
        below++;
      }
      if (belowOrEqual < below) {
        belowOrEqual = below;
      }
      while (belowOrEqual < nNeg && neg[belowOrEqual] <= s) {
        belowOrEqual++;
      }
      wins += below + 0.5 * (belowOrEqual - below);
    }
    return wins / ((double) nPos * nNeg);
  }

  private static boolean isConstant(double[] values) {
    for (double v : values) {
      if (v != values[0]) {
        return false;
      }
    }
    return true;
  }

  private static void requireFinite(String name, double[] values) {
    Objects.requireNonNull(values, name);
    for (int i = 0; i < values.length; i++) {
      if (!Double.isFinite(values[i])) {
        throw new IllegalArgumentException(name + "[" + i + "] must be finite, got " + values[i]);
      }
    }
  }
}
