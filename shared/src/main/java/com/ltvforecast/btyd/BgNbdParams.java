package com.ltvforecast.btyd;

/**
 * BG/NBD parameters: purchase rates are Gamma(r, alpha) across customers, the dropout probability
 * after each purchase is Beta(a, b). {@code alpha} is in weeks, like the summaries it was fitted
 * on.
 */
public record BgNbdParams(double r, double alpha, double a, double b) {

  public BgNbdParams {
    requirePositive("r", r);
    requirePositive("alpha", alpha);
    requirePositive("a", a);
    requirePositive("b", b);
  }

  private static void requirePositive(String name, double value) {
    if (!Double.isFinite(value) || value <= 0) {
      throw new IllegalArgumentException(
          "BG/NBD parameter " + name + " must be finite and > 0, got " + value);
    }
  }
}
