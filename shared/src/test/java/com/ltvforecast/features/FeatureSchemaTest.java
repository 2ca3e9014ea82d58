package com.ltvforecast.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class FeatureSchemaTest {

  private static final int D = (int) LocalDate.parse("1997-10-01").toEpochDay();

  private static CustomerHistory history() {
    // purchase-days 100, 40 and 10 days before D; a refund-only day 5 days before D
    return new CustomerHistory(
        "c1",
        new int[] {D - 100, D - 40, D - 10, D - 5},
        new double[] {30, 20, 10, -4},
        new boolean[] {true, true, true, false});
  }

  @Test
  void values_shouldComputeAFeatureFromItsDefinitionAlone() {
    FeatureSchema schema =
        new FeatureSchema(
            2,
            List.of(
                new FeatureDefinition(
                    "purchase_days", "purchase-days before D", PurchaseSummary::purchaseDays),
                new FeatureDefinition(
                    "spend_45", "net spend in [D-45, D)", s -> s.spendWithin(45))));
    double[] v = schema.values(new PurchaseSummary(history(), D));
    assertArrayEquals(new double[] {3, 20 + 10 - 4}, v, 1e-12);
    assertEquals(List.of("purchase_days", "spend_45"), schema.names());
  }

  @Test
  void summary_shouldReadOnlyDaysBeforeD() {
    PurchaseSummary s = new PurchaseSummary(history(), D - 10);
    assertEquals(2, s.purchaseDays());
    assertEquals(50, s.totalSpend(), 1e-12);
    assertEquals(0, s.purchaseDaysWithin(10));
    assertEquals(60, s.firstToLastDays());
    assertThrows(IneligibleCustomerException.class, () -> new PurchaseSummary(history(), D - 100));
  }

  @Test
  void schema_shouldRefuseTwoDefinitionsWithOneName() {
    FeatureDefinition a = new FeatureDefinition("x", "one", PurchaseSummary::purchaseDays);
    FeatureDefinition b = new FeatureDefinition("x", "two", PurchaseSummary::totalSpend);
    assertThrows(FeatureException.class, () -> new FeatureSchema(1, List.of(a, b)));
  }
}
