package com.ltvforecast.training;

/**
 * A TrainFunction event that cannot be carried out as asked (a malformed field, a refused
 * rollback). Nothing changed. It carries no stack trace: the error response of the invocation is
 * its type and message, which says what to change.
 */
public class InvalidRequestException extends RuntimeException {
  public InvalidRequestException(String message) {
    super(message, null, false, false);
  }
}
