package com.ltvforecast.prediction;

/**
 * A request the caller must fix: what is wrong is {@link #problem()}, where and why is the message.
 */
public class InvalidRequestException extends PredictionException {

  /** The kinds of bad input; the API layer turns each into an error code. */
  public enum Problem {
    MALFORMED_JSON,
    WRONG_TYPE,
    MISSING_FIELD,
    UNKNOWN_FIELD,
    INVALID_FIELD,
    INVALID_CUSTOMER_ID,
    INVALID_TRANSACTION,
    INVALID_AS_OF,
    TOO_MANY_INSTANCES,
    TOO_MANY_TRANSACTIONS
  }

  private final Problem problem;

  public InvalidRequestException(Problem problem, String message) {
    super(message);
    this.problem = problem;
  }

  public Problem problem() {
    return problem;
  }
}
