package com.ltvforecast.prediction;

/**
 * No model is loaded: nothing was ever promoted, the latest run was rejected, or every load so far
 * failed.
 */
public class ModelUnavailableException extends PredictionException {
  public ModelUnavailableException(String reason) {
    super(reason + "; retry later");
  }
}
