package com.ltvforecast.model;

import java.util.Objects;
import java.util.stream.IntStream;

/**
 * Column-wise forecasts for a batch, row i matching input row i. Arrays rather than a list of
 * records because precompute scores a million rows at a time.
 */
public record Predictions(double[] spend, double[] churnProbability) {
  public Predictions {
    Objects.requireNonNull(spend, "spend");
    Objects.requireNonNull(churnProbability, "churnProbability");
    if (spend.length != churnProbability.length) {
      throw new ModelException(
          "spend and churn arrays differ in length: "
              + spend.length
              + " vs "
              + churnProbability.length);
    }
  }

  /** Rows per task of {@link #byRow}. */
  static final int ROW_CHUNK = 4_096;

  /** Scores row {@code i} into {@code spend[i]} and {@code churn[i]}. */
  @FunctionalInterface
  public interface RowScorer {
    void score(int i, double[] spend, double[] churn);
  }

  /**
   * Scores {@code n} rows one at a time; several chunks of {@value #ROW_CHUNK} rows run on the
   * common fork-join pool.
   */
  public static Predictions byRow(int n, RowScorer scorer) {
    double[] spend = new double[n];
    double[] churn = new double[n];
    int chunks = (n + ROW_CHUNK - 1) / ROW_CHUNK;
    IntStream tasks = IntStream.range(0, chunks);
    (chunks > 1 ? tasks.parallel() : tasks)
        .forEach(
            c -> {
              for (int i = c * ROW_CHUNK; i < Math.min(n, (c + 1) * ROW_CHUNK); i++) {
                scorer.score(i, spend, churn);
              }
            });
    return new Predictions(spend, churn);
  }

  public int size() {
    return spend.length;
  }

  public Prediction get(int row) {
    return new Prediction(spend[row], churnProbability[row]);
  }
}
