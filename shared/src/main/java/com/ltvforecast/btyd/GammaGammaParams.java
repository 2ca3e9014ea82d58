package com.ltvforecast.btyd;

/**
 * Gamma-Gamma spend parameters: spend per transaction is Gamma(p, nu) with nu ~ Gamma(q, gamma)
 * across customers. {@code q > 1} is required because the population mean spend {@code gamma p / (q
 * - 1)}, used for customers without repeat purchases, is infinite otherwise.
 */
public record GammaGammaParams(double p, double q, double gamma) {

  public GammaGammaParams {
    if (!Double.isFinite(p) || p <= 0) {
      throw new IllegalArgumentException(
          "Gamma-Gamma parameter p must be finite and > 0, got " + p);
    }
    if (!Double.isFinite(q) || q <= 1) {
      throw new IllegalArgumentException(
          "Gamma-Gamma parameter q must be finite and > 1 (finite mean spend), got " + q);
    }
    if (!Double.isFinite(gamma) || gamma <= 0) {
      throw new IllegalArgumentException(
          "Gamma-Gamma parameter gamma must be finite and > 0, got " + gamma);
    }
  }
}
