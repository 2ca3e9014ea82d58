package com.ltvforecast.training;

import com.ltvforecast.evaluation.SpendChurnMetrics;
import java.util.ArrayList;
import java.util.List;

/**
 * Promote only a candidate that beats the naive baseline, stays within a tolerance of BG/NBD's spend
 * RMSE, and does not regress by more than a tolerance against production on the same customers.
 */
record PromotionGate(double bgnbdRmseTolerance, double regressionTolerance) {

  /** @param production production's metrics on the same validation customers, or null if none */
  List<String> reasonsToReject(SpendChurnMetrics candidate, SpendChurnMetrics naive, SpendChurnMetrics bgnbd,
      SpendChurnMetrics production) {
    List<String> reasons = new ArrayList<>();
    if (!(candidate.spendRmse() < naive.spendRmse())) {
      reasons.add(String.format("spend RMSE %.3f does not beat the naive baseline's %.3f",
          candidate.spendRmse(), naive.spendRmse()));
    }
    double bgnbdLimit = bgnbd.spendRmse() * (1 + bgnbdRmseTolerance);
    if (!(candidate.spendRmse() <= bgnbdLimit)) {
      reasons.add(String.format("spend RMSE %.3f is over BG/NBD's %.3f plus %.0f%% tolerance (%.3f)",
          candidate.spendRmse(), bgnbd.spendRmse(), 100 * bgnbdRmseTolerance, bgnbdLimit));
    }
    if (production != null) {
      double productionLimit = production.spendRmse() * (1 + regressionTolerance);
      if (!(candidate.spendRmse() <= productionLimit)) {
        reasons.add(String.format("spend RMSE %.3f regresses against production's %.3f by more than %.0f%%",
            candidate.spendRmse(), production.spendRmse(), 100 * regressionTolerance));
      }
    }
    return reasons;
  }
}
