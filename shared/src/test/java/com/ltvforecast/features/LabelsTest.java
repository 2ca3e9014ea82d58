package com.ltvforecast.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class LabelsTest {

  static final LocalDate D = LocalDate.parse("1997-10-01");
  static final int d = (int) D.toEpochDay();

  @Test
  void of_shouldCountOnlyTheHalfOpenWindow_whenPurchasesStraddleItsBounds() {
    // given: before D, at D, last day inside, first day after
    CustomerHistory h =
        new CustomerHistory(
            "c1", new int[] {d - 1, d, d + 89, d + 90}, new double[] {1, 10, 20, 40});
    // when
    Labels labels = Labels.of(h, D, 90);
    // then
    assertEquals(30, labels.spend());
    assertEquals(2, labels.purchaseDays());
    assertFalse(labels.churned());
  }

  @Test
  void of_shouldBeChurnedWithNetRefundSpend_whenWindowHoldsOnlyARefund() {
    // given
    CustomerHistory h =
        new CustomerHistory(
            "c1", new int[] {d - 10, d + 5}, new double[] {50, -20}, new boolean[] {true, false});
    // when
    Labels labels = Labels.of(h, D, 90);
    // then
    assertEquals(-20, labels.spend());
    assertEquals(0, labels.purchaseDays());
    assertTrue(labels.churned());
  }

  @Test
  void of_shouldThrow_whenHorizonIsNotPositive() {
    // given
    CustomerHistory h = new CustomerHistory("c1", new int[] {d}, new double[] {1});
    // when / then
    var e = assertThrows(FeatureException.class, () -> Labels.of(h, D, 0));
    assertTrue(e.getMessage().contains("0"));
  }
}
