package com.ltvforecast.ingest;

/**
 * An IngestFunction event that is not an S3 notification nor a well-formed reconcile request.
 * Nothing was changed. It carries no stack trace: the invocation's error response is its type and a
 * message that says what to change.
 */
public class InvalidEventException extends RuntimeException {
  public InvalidEventException(String message) {
    super(message, null, false, false);
  }
}
