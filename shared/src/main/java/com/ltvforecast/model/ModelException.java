package com.ltvforecast.model;

/** Base of every failure in training, loading or scoring the network. */
public class ModelException extends RuntimeException {
  public ModelException(String message) {
    super(message);
  }

  public ModelException(String message, Throwable cause) {
    super(message, cause);
  }
}
