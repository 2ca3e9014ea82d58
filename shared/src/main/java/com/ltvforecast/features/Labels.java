package com.ltvforecast.features;

import java.time.LocalDate;
import java.util.Objects;

/** What happened in the window [D, D+H): net spend, purchase-days, and churn (no purchase-day). */
public record Labels(double spend, int purchaseDays, boolean churned) {

  public Labels {
    if (!Double.isFinite(spend)) {
      throw new FeatureException("label spend must be finite, got " + spend);
    }
    if (purchaseDays < 0) {
      throw new FeatureException("label purchase-days must be >= 0, got " + purchaseDays);
    }
    if (churned != (purchaseDays == 0)) {
      throw new FeatureException(
          "churned must equal (purchaseDays == 0), got churned="
              + churned
              + ", purchaseDays="
              + purchaseDays);
    }
  }

  /** The labels of a customer for the window [asOf, asOf + horizonDays). */
  public static Labels of(CustomerHistory history, LocalDate asOf, int horizonDays) {
    Objects.requireNonNull(history, "history");
    Objects.requireNonNull(asOf, "asOf");
    if (horizonDays < 1) {
      throw new FeatureException("horizon must be >= 1 day, got " + horizonDays);
    }
    long start = asOf.toEpochDay();
    long end = start + horizonDays;
    double spend = 0;
    int count = 0;
    int[] days = history.epochDays();
    for (int i = 0; i < days.length; i++) {
      if (days[i] >= start && days[i] < end) {
        spend += history.dayAmounts()[i];
        if (history.purchaseDays()[i]) {
          count++;
        }
      }
    }
    return new Labels(spend, count, count == 0);
  }
}
