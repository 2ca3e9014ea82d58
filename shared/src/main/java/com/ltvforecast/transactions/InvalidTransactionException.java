package com.ltvforecast.transactions;

/** A transaction that breaks the data contract. The message is safe to show to the sender. */
public class InvalidTransactionException extends RuntimeException {
  public InvalidTransactionException(String message) {
    super(message);
  }
}
