package com.ltvforecast.model;

/** A saved model directory is missing, unreadable or inconsistent. */
public class ModelLoadException extends ModelException {
  public ModelLoadException(String message, Throwable cause) {
    super(message, cause);
  }
}
