package com.ltvforecast.training;

/** A training run that cannot produce a model; nothing is registered or promoted. */
public class TrainingException extends RuntimeException {
  public TrainingException(String message) {
    super(message);
  }
}
