package com.ltvforecast.transactions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ltvforecast.features.CustomerHistories;
import com.ltvforecast.features.CustomerHistory;
import com.ltvforecast.features.FeatureCalculator;
import com.ltvforecast.features.FeatureVector;
import com.ltvforecast.features.Labels;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TransactionParserTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "1e12",
        "-1e12",
        "1000000000000",
        "-1000000000000.00",
        "999999999999.99",
        "0",
        "-0.5"
      })
  void amount_shouldAccept_whenWithinTheBound(String text) {
    double value = TransactionParser.amount(text);
    assertTrue(Math.abs(value) <= TransactionParser.MAX_ABS_AMOUNT, text + " -> " + value);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "1000000000000.01",
        "-1000000000000.01",
        "1.0000000000001e12",
        "4e38",
        "1e308",
        "-1e308",
        "179769313486231570000000000000000000000000000000000000000000000000000000000000000000000000000000000"
            + "00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
            + "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
            + "000000"
      })
  void amount_shouldReject_whenOverTheBound(String text) {
    InvalidTransactionException e =
        assertThrows(InvalidTransactionException.class, () -> TransactionParser.amount(text));
    assertTrue(e.getMessage().contains("out of range"), e.getMessage());
    assertTrue(
        e.getMessage().startsWith("amount"),
        "the reason is counted under amount: " + e.getMessage());
  }

  @Test
  void amount_shouldRejectDoubles_whenOverTheBound() {
    assertEquals(1e12, TransactionParser.amount(1e12));
    assertThrows(
        InvalidTransactionException.class, () -> TransactionParser.amount(Math.nextUp(1e12)));
    assertThrows(InvalidTransactionException.class, () -> TransactionParser.amount(4e38));
    assertThrows(InvalidTransactionException.class, () -> TransactionParser.amount(Double.NaN));
  }

  @Test
  void features_shouldStayFinite_whenEveryAmountIsAtTheBound() {
    // given 100,000 same-day purchases at +1e12 and refunds at -1e12 spread over a year
    List<Transaction> transactions = new ArrayList<>();
    Instant day = Instant.parse("1997-01-01T00:00:00Z");
    for (int i = 0; i < 100_000; i++) {
      transactions.add(
          new Transaction(
              "c", day.plusSeconds(86_400L * (i % 365)), TransactionParser.amount("1e12"), null));
    }
    transactions.add(
        new Transaction(
            "c", day.plusSeconds(86_400L * 400), TransactionParser.amount("-1e12"), null));
    CustomerHistories histories = new CustomerHistories();
    histories.addAll(transactions);
    CustomerHistory history = histories.history("c").orElseThrow();
    // when
    FeatureVector features = FeatureCalculator.features(history, LocalDate.of(1998, 7, 1));
    Labels labels = Labels.of(history, LocalDate.of(1997, 6, 1), 273);
    // then every feature and label is finite and float32-representable
    for (double v : features.values()) {
      assertTrue(Double.isFinite(v) && Float.isFinite((float) v), features.toString());
    }
    assertEquals(100_000 * 1e12 - 1e12, features.get(4), 1e6);
    assertTrue(Double.isFinite(labels.spend()));
  }
}
