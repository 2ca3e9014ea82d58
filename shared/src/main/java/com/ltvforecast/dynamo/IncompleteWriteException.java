package com.ltvforecast.dynamo;

/** A batch write that could not write everything before its deadline. Nothing is lost silently. */
public class IncompleteWriteException extends RuntimeException {

  private final long notWritten;

  public IncompleteWriteException(String table, long notWritten, long total, Throwable cause) {
    super(notWritten + " of " + total + " items were not written to " + table, cause);
    this.notWritten = notWritten;
  }

  public long notWritten() {
    return notWritten;
  }
}
