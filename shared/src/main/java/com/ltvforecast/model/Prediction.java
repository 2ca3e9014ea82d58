package com.ltvforecast.model;

/** The forecast for one customer: expected spend over the horizon and P(no purchase in it). */
public record Prediction(double spend, double churnProbability) {
  public Prediction {
    if (!(spend >= 0) || Double.isInfinite(spend)) {
      throw new ModelException("spend must be finite and >= 0, got " + spend);
    }
    if (!(churnProbability >= 0 && churnProbability <= 1)) {
      throw new ModelException("churn probability must be in [0, 1], got " + churnProbability);
    }
  }
}
