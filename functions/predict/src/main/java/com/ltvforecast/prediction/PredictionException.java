package com.ltvforecast.prediction;

/** Base of every failure of the prediction API. Messages are safe to show to the caller. */
public class PredictionException extends RuntimeException {
  public PredictionException(String message) {
    super(message);
  }
}
