package com.ltvforecast.btyd;

/**
 * The calibration summary of one customer, the input of the BTYD models. Times are in weeks of 7
 * days, measured from the customer's first purchase-day.
 *
 * @param x number of repeat purchase-days (purchase-days after the first one); a whole number
 * @param tx recency: time of the last purchase-day; 0 when {@code x = 0}
 * @param T age: time from the first purchase-day to the end of calibration; must be positive
 * @param mx mean spend over the repeat purchase-days; 0 when {@code x = 0} (ignored then)
 */
public record RfmSummary(double x, double tx, double T, double mx) {

  public RfmSummary {
    check(x, tx, T, mx);
  }

  /**
   * Validates one summary without allocating a record, so that array-based fitting shares the rule.
   */
  static void check(double x, double tx, double T, double mx) {
    if (!Double.isFinite(x) || x < 0 || x != Math.rint(x)) {
      throw new IllegalArgumentException(
          "x (repeat purchase-days) must be a finite whole number >= 0, got " + x);
    }
    if (!Double.isFinite(T) || T <= 0) {
      throw new IllegalArgumentException("T (age in weeks) must be finite and > 0, got " + T);
    }
    if (!Double.isFinite(tx) || tx < 0 || tx > T) {
      throw new IllegalArgumentException(
          "tx (recency in weeks) must be finite and in [0, T=" + T + "], got " + tx);
    }
    if (!Double.isFinite(mx) || mx < 0) {
      throw new IllegalArgumentException(
          "mx (mean repeat spend) must be finite and >= 0, got " + mx);
    }
  }
}
