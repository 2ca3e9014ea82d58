package com.ltvforecast.dynamo;

/** A batch write that could not write everything before its deadline. Nothing is lost silently. */
public class IncompleteWriteException extends RuntimeException {

  private final long notWritten;
  private final long keptNewer;

  public IncompleteWriteException(String table, long notWritten, long total, Throwable cause) {
    this(table, notWritten, total, cause, 0);
  }

  /**
   * @param keptNewer items of the same call not written because the table held a newer one (not a
   *     failure)
   */
  public IncompleteWriteException(
      String table, long notWritten, long total, Throwable cause, long keptNewer) {
    super(notWritten + " of " + total + " items were not written to " + table, cause);
    this.notWritten = notWritten;
    this.keptNewer = keptNewer;
  }

  public long notWritten() {
    return notWritten;
  }

  public long keptNewer() {
    return keptNewer;
  }
}
