package com.ltvforecast.prediction;

/** The customer has no purchase before the as-of date, so the model has nothing to score. */
public class CustomerNotEligibleException extends PredictionException {
  public CustomerNotEligibleException(String message) {
    super(message);
  }
}
