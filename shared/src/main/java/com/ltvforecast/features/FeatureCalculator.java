package com.ltvforecast.features;

import java.time.LocalDate;
import java.util.Optional;

/**
 * Computes {@link FeatureSchema#V1} features of a customer as of D. Only days strictly before D
 * are read, so the same call is leak-free for training (D = T - H) and serving (D = T).
 */
public final class FeatureCalculator {

  public static final FeatureSchema SCHEMA = FeatureSchema.V1;

  private FeatureCalculator() {}

  /** Eligible = the first purchase-day is before D. */
  public static boolean isEligible(CustomerHistory history, LocalDate asOf) {
    int d = (int) asOf.toEpochDay();
    for (int i = 0; i < history.size() && history.epochDays()[i] < d; i++) {
      if (history.purchaseDays()[i]) {
        return true;
      }
    }
    return false;
  }

  /** The features, or empty when the customer is not eligible at D. */
  public static Optional<FeatureVector> tryFeatures(CustomerHistory history, LocalDate asOf) {
    return isEligible(history, asOf) ? Optional.of(compute(history, asOf)) : Optional.empty();
  }

  /**
   * The features of an eligible customer.
   *
   * @throws IneligibleCustomerException when the customer has no purchase-day before D
   */
  public static FeatureVector features(CustomerHistory history, LocalDate asOf) {
    if (!isEligible(history, asOf)) {
      throw new IneligibleCustomerException(
          "customer " + history.customerId() + " has no purchase-day before " + asOf);
    }
    return compute(history, asOf);
  }

  private static FeatureVector compute(CustomerHistory history, LocalDate asOf) {
    int d = (int) asOf.toEpochDay();
    int[] days = history.epochDays();
    double[] amounts = history.dayAmounts();
    boolean[] purchase = history.purchaseDays();

    int first = Integer.MIN_VALUE;
    int last = Integer.MIN_VALUE;
    double firstSpend = 0;
    int purchaseDays = 0;
    double total = 0;
    int[] windowDays = {30, 90, 365};
    int[] windowCounts = new int[3];
    double[] windowSpend = new double[3];
    // Welford's running mean/variance of the gaps: one pass, no allocation.
    int gaps = 0;
    double gapMean = 0;
    double gapM2 = 0;

    for (int i = 0; i < days.length && days[i] < d; i++) {
      total += amounts[i];
      for (int w = 0; w < 3; w++) {
        if (days[i] >= d - windowDays[w]) {
          windowSpend[w] += amounts[i];
          if (purchase[i]) {
            windowCounts[w]++;
          }
        }
      }
      if (!purchase[i]) {
        continue;
      }
      if (purchaseDays == 0) {
        first = days[i];
        firstSpend = amounts[i];
      } else {
        double gap = days[i] - last;
        gaps++;
        double delta = gap - gapMean;
        gapMean += delta / gaps;
        gapM2 += delta * (gap - gapMean);
      }
      last = days[i];
      purchaseDays++;
    }
    // A refund-only day before the first purchase-day has no first purchase to attach to; its
    // amount still counts in total spend, and mean repeat spend stays relative to the first day.
    int frequency = purchaseDays - 1;
    double[] v = new double[SCHEMA.size()];
    v[0] = frequency;
    v[1] = last - first;
    v[2] = d - first;
    v[3] = d - last;
    v[4] = total;
    v[5] = total / purchaseDays;
    v[6] = frequency == 0 ? 0 : (total - firstSpend) / frequency;
    v[7] = firstSpend;
    v[8] = windowCounts[0];
    v[9] = windowSpend[0];
    v[10] = windowCounts[1];
    v[11] = windowSpend[1];
    v[12] = windowCounts[2];
    v[13] = windowSpend[2];
    v[14] = gaps == 0 ? 0 : gapMean;
    v[15] = gaps < 2 ? 0 : Math.sqrt(gapM2 / gaps);
    return new FeatureVector(history.customerId(), asOf, SCHEMA.version(), v);
  }
}
