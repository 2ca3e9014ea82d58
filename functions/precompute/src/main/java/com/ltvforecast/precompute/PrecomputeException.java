package com.ltvforecast.precompute;

/** The base of every precompute failure. */
public class PrecomputeException extends RuntimeException {

  public PrecomputeException(String message) {
    super(message);
  }

  public PrecomputeException(String message, Throwable cause) {
    super(message, cause);
  }

  /** An event or invocation this function does not understand; retrying it cannot help. */
  public static final class InvalidEventException extends PrecomputeException {
    public InvalidEventException(String message) {
      super(message);
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
      super(report.itemsFailed() + " of " + (report.itemsWritten() + report.itemsFailed())
          + " items were not written for shard " + report.shard() + " of " + report.shards() + " as of "
          + report.asOf(), cause);
      this.report = report;
    }

    public ShardReport report() {
      return report;
    }
  }
}
