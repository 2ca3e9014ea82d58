package com.ltvforecast.prediction;

/** The request body is over the configured limit. */
public class PayloadTooLargeException extends PredictionException {
  public PayloadTooLargeException(long bytes, int limit) {
    super("request body is " + bytes + " bytes, over the limit of " + limit);
  }
}
