package com.ltvforecast.prediction;

/** No stored features or score for a customer id. */
public class CustomerNotFoundException extends PredictionException {
  public CustomerNotFoundException(String message) {
    super(message);
  }
}
