package com.ltvforecast.precompute;

/** The base of every precompute failure. */
public class PrecomputeException extends RuntimeException {

  public PrecomputeException(String message) {
    super(message);
  }

  public PrecomputeException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Without a stack trace: for failures whose message says all, and that reach a caller. */
  protected PrecomputeException(String message, boolean withStackTrace) {
    super(message, null, false, withStackTrace);
  }

  /**
   * An event or invocation this function does not understand; retrying it cannot help. It carries
   * no stack trace: the invocation's error response is its type and a message that says what to
   * change.
   */
  public static final class InvalidEventException extends PrecomputeException {
    public InvalidEventException(String message) {
      super(message, false);
    }
  }

  /** Nothing to score with: no production model, or the requested version is not registered. */
  public static final class NoModelException extends PrecomputeException {
    public NoModelException(String message) {
      super(message);
    }
  }

  /** Some items were not written before the deadline: the run failed, with the exact count. */
  public static final class IncompleteRunException extends PrecomputeException {
    private final transient ShardReport report;

    public IncompleteRunException(ShardReport report, Throwable cause) {
      super(
          report.itemsFailed()
              + " of "
              + (report.itemsWritten() + report.itemsFailed())
              + " items were not written for shard "
              + report.shard()
              + " of "
              + report.shards()
              + " as of "
              + report.asOf(),
          cause);
      this.report = report;
    }

    public ShardReport report() {
      return report;
    }
  }
}
