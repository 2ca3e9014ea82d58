package com.ltvforecast.transactions;

import java.time.Instant;
import java.util.Objects;

/**
 * One validated purchase (or refund, when {@code amount} is negative) of one customer.
 *
 * @param transactionId the optional source id; null when the source has none
 */
public record Transaction(
    String customerId, Instant eventTime, double amount, String transactionId) {

  public static final int MAX_CUSTOMER_ID_LENGTH = 128;

  public Transaction {
    Objects.requireNonNull(customerId, "customerId");
    Objects.requireNonNull(eventTime, "eventTime");
    if (customerId.isEmpty() || customerId.length() > MAX_CUSTOMER_ID_LENGTH) {
      throw new InvalidTransactionException(
          "customer_id must be 1.."
              + MAX_CUSTOMER_ID_LENGTH
              + " characters, got "
              + customerId.length());
    }
    if (!(Math.abs(amount) <= TransactionParser.MAX_ABS_AMOUNT)) {
      throw new InvalidTransactionException(
          "amount must be finite with |amount| <= 1e12 (the data contract), got " + amount);
    }
  }
}
