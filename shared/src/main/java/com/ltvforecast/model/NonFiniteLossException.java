package com.ltvforecast.model;

/** The training loss became NaN or infinite: the run is abandoned rather than saving garbage. */
public class NonFiniteLossException extends ModelException {
  public NonFiniteLossException(String message) {
    super(message);
  }
}
