package com.ltvforecast.training;

/**
 * A rollback that was refused, and nothing changed. The message says why; it carries no stack
 * trace, so the Lambda error response an operator sees is the message alone.
 */
public class RollbackRefusedException extends InvalidRequestException {
  public RollbackRefusedException(String message) {
    super(message);
  }
}
