package com.ltvforecast.model;

import java.util.Objects;

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
          "spend and churn arrays differ in length: " + spend.length + " vs " + churnProbability.length);
    }
  }

  public int size() {
    return spend.length;
  }

  public Prediction get(int row) {
    return new Prediction(spend[row], churnProbability[row]);
  }
}
