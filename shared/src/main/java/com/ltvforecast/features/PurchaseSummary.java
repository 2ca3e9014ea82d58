package com.ltvforecast.features;

/**
 * One customer's history before D, as the feature definitions read it: the purchase-days, the spend
 * and the gaps between purchase-days, gathered in one pass, plus windowed counts read off the
 * history on demand. Only days strictly before D are read, so the same summary is leak-free for
 * training (D = T - H) and serving (D = T).
 */
public final class PurchaseSummary {

  private final CustomerHistory history;
  private final int asOfDay;

  /** Entries of the history before D. */
  private final int before;

  private final int purchaseDays;
  private final int firstDay;
  private final int lastDay;
  private final double totalSpend;
  private final double firstSpend;
  private final int gaps;
  private final double gapMean;
  private final double gapM2;

  /**
   * @param asOfDay D as an epoch day
   * @throws IneligibleCustomerException when the customer has no purchase-day before D
   */
  PurchaseSummary(CustomerHistory history, int asOfDay) {
    this.history = history;
    this.asOfDay = asOfDay;
    int[] days = history.epochDays();
    double[] amounts = history.dayAmounts();
    boolean[] purchase = history.purchaseDays();
    int count = 0;
    int first = 0;
    int last = 0;
    double total = 0;
    double firstAmount = 0;
    // Welford's running mean/variance of the gaps: one pass, no allocation.
    int gapCount = 0;
    double mean = 0;
    double m2 = 0;
    int i = 0;
    for (; i < days.length && days[i] < asOfDay; i++) {
      total += amounts[i];
      if (!purchase[i]) {
        continue;
      }
      if (count == 0) {
        first = days[i];
        firstAmount = amounts[i];
      } else {
        double gap = days[i] - last;
        gapCount++;
        double delta = gap - mean;
        mean += delta / gapCount;
        m2 += delta * (gap - mean);
      }
      last = days[i];
      count++;
    }
    if (count == 0) {
      throw new IneligibleCustomerException(
          "customer "
              + history.customerId()
              + " has no purchase-day before "
              + java.time.LocalDate.ofEpochDay(asOfDay));
    }
    this.before = i;
    this.purchaseDays = count;
    this.firstDay = first;
    this.lastDay = last;
    this.totalSpend = total;
    this.firstSpend = firstAmount;
    this.gaps = gapCount;
    this.gapMean = mean;
    this.gapM2 = m2;
  }

  /** Purchase-days before D (at least 1). */
  public int purchaseDays() {
    return purchaseDays;
  }

  /** Repeat purchase-days: purchase-days - 1. */
  public int frequency() {
    return purchaseDays - 1;
  }

  /** Days from the first purchase-day to the last. */
  public int firstToLastDays() {
    return lastDay - firstDay;
  }

  /** Days from the first purchase-day to D. */
  public int firstToAsOfDays() {
    return asOfDay - firstDay;
  }

  /** Days from the last purchase-day to D. */
  public int lastToAsOfDays() {
    return asOfDay - lastDay;
  }

  /**
   * Net spend before D, refunds subtracted. A refund-only day before the first purchase-day has no
   * first purchase to attach to; its amount still counts here.
   */
  public double totalSpend() {
    return totalSpend;
  }

  /** Net spend of the first purchase-day. */
  public double firstSpend() {
    return firstSpend;
  }

  /** Number of gaps between consecutive purchase-days. */
  public int gaps() {
    return gaps;
  }

  /** Mean days between consecutive purchase-days; 0 without a gap. */
  public double gapMeanDays() {
    return gaps == 0 ? 0 : gapMean;
  }

  /** Population standard deviation of the gaps; 0 with fewer than two. */
  public double gapStdDays() {
    return gaps < 2 ? 0 : Math.sqrt(gapM2 / gaps);
  }

  /** Purchase-days in [D - days, D). */
  public int purchaseDaysWithin(int days) {
    int count = 0;
    for (int i = firstWithin(days); i < before; i++) {
      count += history.purchaseDays()[i] ? 1 : 0;
    }
    return count;
  }

  /** Net spend in [D - days, D), summed in day order (as the total is, so both round alike). */
  public double spendWithin(int days) {
    double sum = 0;
    for (int i = firstWithin(days); i < before; i++) {
      sum += history.dayAmounts()[i];
    }
    return sum;
  }

  private int firstWithin(int days) {
    int i = before;
    while (i > 0 && history.epochDays()[i - 1] >= asOfDay - days) {
      i--;
    }
    return i;
  }
}
