package com.ltvforecast.features;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.Objects;

/**
 * The merged day-level history of one customer: one entry per UTC calendar day with any
 * transaction, in strictly increasing day order.
 *
 * <p>{@code dayAmounts[i]} is the net spend of day {@code epochDays[i]} (refunds subtracted).
 * {@code purchaseDays[i]} says whether that day holds at least one purchase (an amount &ge; 0); a
 * day with only refunds still counts in spend but is not a purchase-day, so a late refund never
 * looks like a visit. The arrays are owned by this record and must not be mutated: copying them
 * would double the memory of a million-customer batch.
 */
public record CustomerHistory(
    String customerId, int[] epochDays, double[] dayAmounts, boolean[] purchaseDays) {

  public CustomerHistory {
    Objects.requireNonNull(customerId, "customerId");
    Objects.requireNonNull(epochDays, "epochDays");
    Objects.requireNonNull(dayAmounts, "dayAmounts");
    Objects.requireNonNull(purchaseDays, "purchaseDays");
    if (epochDays.length != dayAmounts.length || epochDays.length != purchaseDays.length) {
      throw new FeatureException(
          "history of customer "
              + customerId
              + " has arrays of different lengths: days "
              + epochDays.length
              + ", amounts "
              + dayAmounts.length
              + ", purchase flags "
              + purchaseDays.length);
    }
    for (int i = 1; i < epochDays.length; i++) {
      if (epochDays[i] <= epochDays[i - 1]) {
        throw new FeatureException(
            "history of customer "
                + customerId
                + " is not strictly increasing at index "
                + i
                + ": "
                + epochDays[i - 1]
                + " then "
                + epochDays[i]);
      }
    }
  }

  /** A history in which every day is a purchase-day. */
  public CustomerHistory(String customerId, int[] epochDays, double[] dayAmounts) {
    this(customerId, epochDays, dayAmounts, allTrue(epochDays.length));
  }

  public int size() {
    return epochDays.length;
  }

  public LocalDate day(int index) {
    return LocalDate.ofEpochDay(epochDays[index]);
  }

  private static boolean[] allTrue(int length) {
    boolean[] flags = new boolean[length];
    Arrays.fill(flags, true);
    return flags;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof CustomerHistory h
        && customerId.equals(h.customerId)
        && Arrays.equals(epochDays, h.epochDays)
        && Arrays.equals(dayAmounts, h.dayAmounts)
        && Arrays.equals(purchaseDays, h.purchaseDays);
  }

  @Override
  public int hashCode() {
    return Objects.hash(customerId, Arrays.hashCode(epochDays), Arrays.hashCode(dayAmounts));
  }

  @Override
  public String toString() {
    return "CustomerHistory["
        + customerId
        + ", days="
        + Arrays.toString(epochDays)
        + ", amounts="
        + Arrays.toString(dayAmounts)
        + ", purchase="
        + Arrays.toString(purchaseDays)
        + "]";
  }
}
