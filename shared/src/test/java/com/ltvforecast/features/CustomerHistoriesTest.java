package com.ltvforecast.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ltvforecast.transactions.Transaction;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CustomerHistoriesTest {

  static Transaction tx(String id, String time, double amount) {
    return new Transaction(id, Instant.parse(time), amount, null);
  }

  static int day(String date) {
    return (int) LocalDate.parse(date).toEpochDay();
  }

  @Test
  void add_shouldMergeOneCalendarDayIntoOnePurchaseDay_whenSeveralPurchasesShareAUtcDay() {
    // given
    var histories = new CustomerHistories();
    // when
    histories.add(tx("c1", "1997-01-01T00:00:00Z", 10));
    histories.add(tx("c1", "1997-01-01T23:59:59Z", 5.5));
    histories.add(tx("c1", "1997-01-02T00:00:00Z", 1));
    // then
    CustomerHistory h = histories.history("c1").orElseThrow();
    assertArrayEquals(new int[] {day("1997-01-01"), day("1997-01-02")}, h.epochDays());
    assertArrayEquals(new double[] {15.5, 1}, h.dayAmounts(), 1e-12);
    assertArrayEquals(new boolean[] {true, true}, h.purchaseDays());
  }

  @Test
  void add_shouldSortAndMerge_whenTransactionsArriveOutOfOrder() {
    // given
    var histories = new CustomerHistories();
    // when
    for (String t :
        List.of(
            "1997-03-01T10:00:00Z",
            "1997-01-01T10:00:00Z",
            "1997-02-01T10:00:00Z",
            "1997-01-01T20:00:00Z",
            "1997-03-01T01:00:00Z",
            "1997-02-01T00:00:00Z")) {
      histories.add(tx("c1", t, 1));
    }
    // then
    CustomerHistory h = histories.history("c1").orElseThrow();
    assertArrayEquals(
        new int[] {day("1997-01-01"), day("1997-02-01"), day("1997-03-01")}, h.epochDays());
    assertArrayEquals(new double[] {2, 2, 2}, h.dayAmounts(), 1e-12);
  }

  @Test
  void add_shouldNetRefundIntoDaySpend_whenRefundFallsOnAPurchaseDay() {
    // given
    var histories = new CustomerHistories();
    // when
    histories.add(tx("c1", "1997-01-01T10:00:00Z", 30));
    histories.add(tx("c1", "1997-01-01T11:00:00Z", -12));
    // then
    CustomerHistory h = histories.history("c1").orElseThrow();
    assertArrayEquals(new double[] {18}, h.dayAmounts(), 1e-12);
    assertArrayEquals(new boolean[] {true}, h.purchaseDays());
  }

  @Test
  void add_shouldKeepRefundOnlyDayAsNonPurchaseDay_whenNoPurchaseThatDay() {
    // given
    var histories = new CustomerHistories();
    // when
    histories.add(tx("c1", "1997-01-01T10:00:00Z", 30));
    histories.add(tx("c1", "1997-01-05T10:00:00Z", -30));
    // then
    CustomerHistory h = histories.history("c1").orElseThrow();
    assertArrayEquals(new double[] {30, -30}, h.dayAmounts(), 1e-12);
    assertArrayEquals(new boolean[] {true, false}, h.purchaseDays());
  }

  @Test
  void add_shouldDropAndCount_whenFilterRejects() {
    // given
    var histories = CustomerHistories.before(LocalDate.parse("1997-02-01"));
    // when
    boolean kept = histories.add(tx("c1", "1997-01-31T23:59:59Z", 1));
    boolean dropped = histories.add(tx("c1", "1997-02-01T00:00:00Z", 1));
    // then
    assertTrue(kept);
    assertFalse(dropped);
    assertEquals(1, histories.acceptedTransactions());
    assertEquals(1, histories.droppedTransactions());
    assertEquals(1, histories.history("c1").orElseThrow().size());
  }

  @Test
  void history_shouldNotDependOnInputOrder_whenSameTransactionsAreShuffled() {
    // given
    Random random = new Random(7);
    List<Transaction> txs = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      long second =
          Instant.parse("1997-01-01T00:00:00Z").getEpochSecond() + random.nextInt(200 * 86_400);
      // Integer cents keep sums exact whatever the order.
      txs.add(
          new Transaction(
              "c" + random.nextInt(5),
              Instant.ofEpochSecond(second),
              random.nextInt(10_000) / 4.0,
              null));
    }
    var ordered = new CustomerHistories();
    var shuffled = new CustomerHistories();
    // when
    txs.stream().sorted((a, b) -> a.eventTime().compareTo(b.eventTime())).forEach(ordered::add);
    Collections.shuffle(txs, random);
    txs.forEach(shuffled::add);
    // then
    for (int c = 0; c < 5; c++) {
      assertEquals(ordered.history("c" + c), shuffled.history("c" + c));
    }
  }
}
