package com.ltvforecast.forecast;

/** A saved forecaster that cannot be read back: missing files, an unknown kind, bad content. */
public class ForecasterLoadException extends RuntimeException {
  public ForecasterLoadException(String message, Throwable cause) {
    super(message, cause);
  }
}
