package com.ltvforecast.evaluation;

/**
 * The validation metrics of one model on one set of validation customers (DESIGN.md, "Validation").
 *
 * <p>NaN means "undefined on this data", never an error: {@code spendCorr} is NaN when either spend vector
 * is constant (e.g. the predict-zero baseline) or there are fewer than two customers; {@code spendBias} is
 * NaN when total actual spend is not positive; {@code churnAuc} is NaN when all customers are in one
 * class. Serialise NaN as JSON null.
 *
 * @param spendMae mean absolute error of predicted spend
 * @param spendRmse root mean squared error of predicted spend
 * @param spendCorr Pearson correlation of predicted and actual spend
 * @param spendBias aggregate bias, Σpredicted / Σactual − 1 (−0.17 is a 17% under-forecast)
 * @param churnAuc probability that a random churned customer scores higher than a random retained one,
 *     ties counting one half
 */
public record SpendChurnMetrics(double spendMae, double spendRmse, double spendCorr, double spendBias,
                                double churnAuc) {

  public SpendChurnMetrics {
    if (!Double.isFinite(spendMae) || spendMae < 0) {
      throw new IllegalArgumentException("spendMae must be finite and >= 0, got " + spendMae);
    }
    if (!Double.isFinite(spendRmse) || spendRmse < 0) {
      throw new IllegalArgumentException("spendRmse must be finite and >= 0, got " + spendRmse);
    }
    if (!Double.isNaN(spendCorr) && !(spendCorr >= -1 && spendCorr <= 1)) {
      throw new IllegalArgumentException("spendCorr must be NaN or in [-1, 1], got " + spendCorr);
    }
    if (!Double.isNaN(spendBias) && !(Double.isFinite(spendBias) && spendBias >= -1)) {
      throw new IllegalArgumentException("spendBias must be NaN or finite and >= -1, got " + spendBias);
    }
    if (!Double.isNaN(churnAuc) && !(churnAuc >= 0 && churnAuc <= 1)) {
      throw new IllegalArgumentException("churnAuc must be NaN or in [0, 1], got " + churnAuc);
    }
  }
}
