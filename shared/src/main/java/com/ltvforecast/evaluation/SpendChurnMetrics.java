package com.ltvforecast.evaluation;

/**
 * The validation metrics of one model on one set of validation customers (DESIGN.md, "Validation").
 *
 * <p>NaN means "undefined on this data", never an error: {@code spendCorr} is NaN when either spend
 * vector is constant (e.g. the predict-zero baseline) or there are fewer than two customers; {@code
 * spendBias} is NaN when total actual spend is not positive; {@code churnAuc} is NaN when all
 * customers are in one class. Serialise NaN as JSON null.
 *
 * @param spendMae mean absolute error of predicted spend
 * @param spendRmse root mean squared error of predicted spend
 * @param spendCorr Pearson correlation of predicted and actual spend
 * @param spendBias aggregate bias, Σpredicted / Σactual − 1 (−0.17 is a 17% under-forecast)
 * @param churnAuc probability that a random churned customer scores higher than a random retained
 *     one, ties counting one half
 * @param churnBrier mean squared error of the churn probability (NaN when the scores are not
 *     probabilities)
 * @param churnLogLoss mean negative log-likelihood of the churn labels, probabilities clipped to
 *     [1e-6, 1 - 1e-6] (NaN when the scores are not probabilities)
 * @param spendGini normalised Gini of predicted spend: how well it ranks actual spend, 1 for a
 *     perfect ranking, 0 for a random one (NaN when total actual spend is not positive)
 */
public record SpendChurnMetrics(
    double spendMae,
    double spendRmse,
    double spendCorr,
    double spendBias,
    double churnAuc,
    double churnBrier,
    double churnLogLoss,
    double spendGini) {

  /** The five original metrics; the newer ones undefined. */
  public SpendChurnMetrics(
      double spendMae, double spendRmse, double spendCorr, double spendBias, double churnAuc) {
    this(spendMae, spendRmse, spendCorr, spendBias, churnAuc, Double.NaN, Double.NaN, Double.NaN);
  }

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
      throw new IllegalArgumentException(
          "spendBias must be NaN or finite and >= -1, got " + spendBias);
    }
    if (!Double.isNaN(churnAuc) && !(churnAuc >= 0 && churnAuc <= 1)) {
      throw new IllegalArgumentException("churnAuc must be NaN or in [0, 1], got " + churnAuc);
    }
    if (!Double.isNaN(churnBrier) && !(churnBrier >= 0 && churnBrier <= 1)) {
      throw new IllegalArgumentException("churnBrier must be NaN or in [0, 1], got " + churnBrier);
    }
    if (!Double.isNaN(churnLogLoss) && !(churnLogLoss >= 0 && Double.isFinite(churnLogLoss))) {
      throw new IllegalArgumentException(
          "churnLogLoss must be NaN or finite and >= 0, got " + churnLogLoss);
    }
  }
}
