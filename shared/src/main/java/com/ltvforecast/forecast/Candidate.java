package com.ltvforecast.forecast;

import java.nio.file.Path;

/**
 * A candidate forecaster: how to fit it on the point-in-time training rows, and how to load the
 * artifact kind it saves. Registering a new candidate is this interface's implementation plus one
 * line in {@link Candidates#defaults()}.
 */
public interface Candidate {

  /** The name in reports and metadata ({@code metrics.candidates.<name>}). */
  String name();

  /** The artifact kind its forecasters save as ({@link Forecaster#kind()}). */
  String kind();

  /** Loads a forecaster of {@link #kind()} saved by {@link Forecaster#saveContent}. */
  Forecaster load(Path dir);

  /** Fits on all given rows. */
  Forecaster fit(FitData data, FitContext context);

  /**
   * Out-of-fold predictions for every row ({@code fold[i]} in 0..folds-1; row i is predicted by a
   * model that never saw fold {@code fold[i]}) and the final forecaster fitted on all rows. The
   * default refits once per fold, then once on everything; candidates with a cheaper honest scheme
   * (the network's one member per fold) override it.
   */
  default CrossFit crossFit(FitData data, int[] fold, int folds, FitContext context) {
    int n = data.size();
    double[] spend = new double[n];
    double[] churn = new double[n];
    for (int k = 0; k < folds; k++) {
      int kk = k;
      FitData train = data.subset(i -> fold[i] != kk);
      int[] held = FitData.indices(n, i -> fold[i] == kk);
      if (held.length == 0) {
        continue;
      }
      try (Forecaster model = fit(train, context.forFold(k))) {
        com.ltvforecast.model.Predictions p = model.predict(data.subset(held).features());
        for (int j = 0; j < held.length; j++) {
          spend[held[j]] = p.spend()[j];
          churn[held[j]] = p.churnProbability()[j];
        }
      }
    }
    return new CrossFit(fit(data, context), spend, churn);
  }

  /** The final forecaster and the out-of-fold predictions, row-aligned with the fitting data. */
  record CrossFit(Forecaster model, double[] oofSpend, double[] oofChurn) {}
}
