package com.ltvforecast.transactions;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * The data contract for one raw transaction, shared by ingestion (CSV rows) and on-demand
 * prediction (JSON bodies), so both accept and reject exactly the same values.
 *
 * <ul>
 *   <li>{@code customer_id}: trimmed, 1 to 128 characters, no control characters.
 *   <li>{@code event_time}: ISO-8601 date or date-time; no offset means UTC; not before 1970 and
 *       not more than one day in the future.
 *   <li>{@code amount}: a plain decimal (no NaN, Infinity or hex) with |amount| &le; {@link
 *       #MAX_ABS_AMOUNT} (10^12).
 * </ul>
 *
 * <p>Why 10^12: it is above any single purchase in any currency in use (a USD 1M order is about 2.6
 * * 10^10 in Vietnamese dong and well under 10^12 in Iranian rial), cents stay exact in a double
 * (2^53 / 100 is about 9 * 10^13), and every sum the pipeline forms stays finite in float64, in
 * float32 (3.4 * 10^38: more than 10^26 maximal transactions per customer) and in DynamoDB numbers
 * (10^126). A same-day sum or a customer's total therefore never overflows.
 */
public final class TransactionParser {

  /** The largest accepted absolute amount, in the source's currency units. */
  public static final double MAX_ABS_AMOUNT = 1e12;

  static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
  private static final Duration FUTURE_TOLERANCE = Duration.ofDays(1);
  private static final int MAX_TEXT = 64;

  private final Clock clock;

  /**
   * The latest accepted event time as of the last clock reading. It only grows with the clock, so a
   * time at or before it is accepted without reading the clock again, which otherwise costs more
   * than parsing the time itself.
   */
  private volatile Instant latestAccepted = Instant.MIN;

  public TransactionParser(Clock clock) {
    this.clock = clock;
  }

  public TransactionParser() {
    this(Clock.systemUTC());
  }

  public Transaction parse(
      String customerId, String eventTime, String amount, String transactionId) {
    return new Transaction(
        customerId(customerId), eventTime(eventTime), amount(amount), transactionId(transactionId));
  }

  public static String customerId(String raw) {
    if (raw == null) {
      throw new InvalidTransactionException("customer_id is missing");
    }
    String id = raw.strip();
    if (id.isEmpty()) {
      throw new InvalidTransactionException("customer_id is empty");
    }
    if (id.length() > Transaction.MAX_CUSTOMER_ID_LENGTH) {
      throw new InvalidTransactionException(
          "customer_id is "
              + id.length()
              + " characters, over the limit of "
              + Transaction.MAX_CUSTOMER_ID_LENGTH);
    }
    for (int i = 0; i < id.length(); i++) {
      if (Character.isISOControl(id.charAt(i))) {
        throw new InvalidTransactionException("customer_id contains a control character");
      }
    }
    return id;
  }

  public Instant eventTime(String raw) {
    if (raw == null || raw.isBlank()) {
      throw new InvalidTransactionException("event_time is empty");
    }
    String text = raw.strip();
    Instant instant;
    try {
      instant = parseIsoInstant(text);
    } catch (DateTimeException e) {
      throw new InvalidTransactionException(
          "event_time '" + abbreviate(text) + "' is not an ISO-8601 date or date-time");
    }
    if (instant.isBefore(EARLIEST)) {
      throw new InvalidTransactionException("event_time " + instant + " is before 1970-01-01");
    }
    if (instant.isAfter(latestAccepted)) {
      Instant latest = clock.instant().plus(FUTURE_TOLERANCE);
      if (instant.isAfter(latest)) {
        throw new InvalidTransactionException("event_time " + instant + " is in the future");
      }
      latestAccepted = latest;
    }
    return instant;
  }

  public static double amount(String raw) {
    if (raw == null || raw.isBlank()) {
      throw new InvalidTransactionException("amount is empty");
    }
    String text = raw.strip();
    double plain = FastPaths.plainDecimal(text);
    if (!Double.isNaN(plain)) {
      return bounded(plain, text);
    }
    BigDecimal decimal;
    try {
      // BigDecimal rejects NaN, Infinity, hex floats and type suffixes that Double.parseDouble
      // accepts.
      decimal = new BigDecimal(text);
    } catch (NumberFormatException e) {
      throw new InvalidTransactionException(
          "amount '" + abbreviate(text) + "' is not a decimal number");
    }
    if (decimal.abs().compareTo(MAX_ABS_DECIMAL) > 0) {
      throw outOfRange(text);
    }
    return bounded(decimal.doubleValue(), text);
  }

  public static double amount(double value) {
    if (!Double.isFinite(value)) {
      throw new InvalidTransactionException("amount must be finite, got " + value);
    }
    return bounded(value, Double.toString(value));
  }

  private static final BigDecimal MAX_ABS_DECIMAL = new BigDecimal("1e12");

  private static double bounded(double value, String text) {
    if (!(Math.abs(value) <= MAX_ABS_AMOUNT)) {
      throw outOfRange(text);
    }
    return value;
  }

  private static InvalidTransactionException outOfRange(String text) {
    return new InvalidTransactionException(
        "amount '"
            + abbreviate(text)
            + "' is out of range: the data contract accepts |amount| <= 1e12");
  }

  private static String transactionId(String raw) {
    if (raw == null || raw.isBlank()) {
      return null;
    }
    String id = raw.strip();
    if (id.length() > 256) {
      throw new InvalidTransactionException("transaction_id is over 256 characters");
    }
    return id;
  }

  /** Parses an ISO date ({@code 2024-01-31}) or date-time, with or without offset (UTC if none). */
  static Instant parseIsoInstant(String text) {
    Instant common = FastPaths.isoInstant(text);
    if (common != null) {
      return common;
    }
    if (text.length() <= 10) {
      return LocalDate.parse(text, DateTimeFormatter.ISO_LOCAL_DATE)
          .atStartOfDay(ZoneOffset.UTC)
          .toInstant();
    }
    try {
      return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    } catch (DateTimeParseException noOffset) {
      return LocalDateTime.parse(text, DateTimeFormatter.ISO_LOCAL_DATE_TIME)
          .toInstant(ZoneOffset.UTC);
    }
  }

  static String abbreviate(String text) {
    return text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT) + "...";
  }
}
