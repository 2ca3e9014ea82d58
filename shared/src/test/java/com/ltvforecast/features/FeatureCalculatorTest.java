package com.ltvforecast.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ltvforecast.transactions.Transaction;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FeatureCalculatorTest {

  static final LocalDate D = LocalDate.parse("1997-10-01");

  static int daysBefore(int n) {
    return (int) D.toEpochDay() - n;
  }

  /** Purchase-days 400, 100, 60, 10 days before D, with 10, 20, 30, 40 spent. */
  static CustomerHistory example() {
    return new CustomerHistory(
        "c1",
        new int[] {daysBefore(400), daysBefore(100), daysBefore(60), daysBefore(10)},
        new double[] {10, 20, 30, 40});
  }

  double feature(FeatureVector v, String name) {
    return v.get(FeatureSchema.V1.indexOf(name));
  }

  @Test
  void features_shouldMatchHandComputedValues_whenGivenAKnownHistory() {
    // given
    CustomerHistory h = example();
    // when
    FeatureVector v = FeatureCalculator.features(h, D);
    // then
    assertEquals(3, feature(v, "frequency"));
    assertEquals(390, feature(v, "recency_days"));
    assertEquals(400, feature(v, "age_days"));
    assertEquals(10, feature(v, "days_since_last"));
    assertEquals(100, feature(v, "total_spend"));
    assertEquals(25, feature(v, "mean_spend"));
    assertEquals(30, feature(v, "mean_repeat_spend"));
    assertEquals(10, feature(v, "first_purchase_spend"));
    assertEquals(1, feature(v, "purchase_days_30"));
    assertEquals(40, feature(v, "spend_30"));
    assertEquals(2, feature(v, "purchase_days_90"));
    assertEquals(70, feature(v, "spend_90"));
    assertEquals(3, feature(v, "purchase_days_365"));
    assertEquals(90, feature(v, "spend_365"));
    // gaps 300, 40, 50: mean 130, population variance ((170)^2 + 90^2 + 80^2) / 3
    assertEquals(130, feature(v, "gap_mean_days"), 1e-9);
    assertEquals(
        Math.sqrt((170.0 * 170 + 90 * 90 + 80 * 80) / 3), feature(v, "gap_std_days"), 1e-9);
    assertEquals(1, v.schemaVersion());
    assertEquals(FeatureSchema.V1.size(), v.values().length);
  }

  @Test
  void features_shouldTreatWindowBoundsAsHalfOpen_whenPurchaseIsExactly30DaysBeforeD() {
    // given
    CustomerHistory h =
        new CustomerHistory("c1", new int[] {daysBefore(31), daysBefore(30)}, new double[] {5, 7});
    // when
    FeatureVector v = FeatureCalculator.features(h, D);
    // then
    assertEquals(1, feature(v, "purchase_days_30"));
    assertEquals(7, feature(v, "spend_30"));
  }

  @Test
  void features_shouldGiveZeroRepeatAndGapFeatures_whenOnlyOnePurchaseDay() {
    // given
    CustomerHistory h = new CustomerHistory("c1", new int[] {daysBefore(5)}, new double[] {12});
    // when
    FeatureVector v = FeatureCalculator.features(h, D);
    // then
    assertEquals(0, feature(v, "frequency"));
    assertEquals(0, feature(v, "recency_days"));
    assertEquals(5, feature(v, "age_days"));
    assertEquals(5, feature(v, "days_since_last"));
    assertEquals(0, feature(v, "mean_repeat_spend"));
    assertEquals(12, feature(v, "first_purchase_spend"));
    assertEquals(0, feature(v, "gap_mean_days"));
    assertEquals(0, feature(v, "gap_std_days"));
  }

  @Test
  void features_shouldNetRefundsIntoSpendButNotCountVisits_whenRefundOnlyDayExists() {
    // given: a purchase of 50, then a refund-only day of -20
    CustomerHistory h =
        new CustomerHistory(
            "c1",
            new int[] {daysBefore(50), daysBefore(20)},
            new double[] {50, -20},
            new boolean[] {true, false});
    // when
    FeatureVector v = FeatureCalculator.features(h, D);
    // then
    assertEquals(0, feature(v, "frequency"));
    assertEquals(30, feature(v, "total_spend"));
    assertEquals(30, feature(v, "mean_spend"));
    assertEquals(50, feature(v, "days_since_last"));
    assertEquals(0, feature(v, "purchase_days_30"));
    assertEquals(-20, feature(v, "spend_30"));
  }

  @Test
  void features_shouldThrow_whenFirstPurchaseDayIsNotBeforeD() {
    // given
    CustomerHistory h = new CustomerHistory("c9", new int[] {daysBefore(0)}, new double[] {12});
    // when / then
    var e = assertThrows(IneligibleCustomerException.class, () -> FeatureCalculator.features(h, D));
    assertTrue(e.getMessage().contains("c9"));
    assertTrue(FeatureCalculator.tryFeatures(h, D).isEmpty());
  }

  @Test
  void features_shouldNeverChange_whenTransactionsAtOrAfterDAreAdded() {
    // given: random histories (fixed seed) and random extra transactions at or after D
    Random random = new Random(20240601);
    Instant dStart = D.atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
    for (int trial = 0; trial < 300; trial++) {
      List<Transaction> past = new ArrayList<>();
      int n = 1 + random.nextInt(30);
      for (int i = 0; i < n; i++) {
        long back = 1 + random.nextInt(800 * 86_400);
        double amount =
            random.nextInt(10) == 0 ? -random.nextInt(5000) / 100.0 : random.nextInt(20000) / 100.0;
        past.add(new Transaction("c", dStart.minusSeconds(back), amount, null));
      }
      past.add(
          new Transaction("c", dStart.minusSeconds(1 + random.nextInt(800 * 86_400)), 1, null));
      var before = new CustomerHistories();
      var withFuture = new CustomerHistories();
      past.forEach(before::add);
      past.forEach(withFuture::add);
      int m = 1 + random.nextInt(20);
      for (int i = 0; i < m; i++) {
        // 0 seconds after D is the boundary case: the first instant of D must be excluded.
        long ahead = random.nextInt(4) == 0 ? 0 : random.nextInt(400 * 86_400);
        double amount =
            random.nextBoolean() ? -random.nextInt(5000) / 100.0 : random.nextInt(20000) / 100.0;
        withFuture.add(new Transaction("c", dStart.plusSeconds(ahead), amount, null));
      }
      // when
      FeatureVector expected = FeatureCalculator.features(before.history("c").orElseThrow(), D);
      FeatureVector actual = FeatureCalculator.features(withFuture.history("c").orElseThrow(), D);
      // then
      assertArrayEquals(expected.values(), actual.values(), "trial " + trial);
    }
  }
}
