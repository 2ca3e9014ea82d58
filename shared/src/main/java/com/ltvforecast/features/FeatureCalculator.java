package com.ltvforecast.features;

import java.time.LocalDate;
import java.util.Optional;

/**
 * Computes the {@link FeatureSchema#V1} features of a customer as of D, each by its own definition.
 * Only days strictly before D are read, so the same call is leak-free for training (D = T - H) and
 * serving (D = T).
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
    PurchaseSummary summary = new PurchaseSummary(history, (int) asOf.toEpochDay());
    return new FeatureVector(history.customerId(), asOf, SCHEMA.version(), SCHEMA.values(summary));
  }
}
