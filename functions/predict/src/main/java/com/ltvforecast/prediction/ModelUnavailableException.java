package com.ltvforecast.prediction;

/** No model is loaded: nothing was ever promoted, or every load so far failed. */
public class ModelUnavailableException extends PredictionException {
  public ModelUnavailableException() {
    super("no production model is loaded yet; retry later");
  }
}
