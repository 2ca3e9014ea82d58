package com.ltvforecast.forecast;

import com.ltvforecast.model.EpochListener;
import com.ltvforecast.model.TrainingOptions;
import java.time.Duration;
import java.util.Objects;

/**
 * What a candidate's fit may depend on besides the rows: the horizon, the seed (every random choice
 * derives from it, so two runs with the same seed are identical), the network's options, its time
 * budget and a progress listener.
 */
public record FitContext(
    int horizonDays, int seed, TrainingOptions options, Duration budget, EpochListener progress) {

  public FitContext {
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(budget, "budget");
    Objects.requireNonNull(progress, "progress");
  }

  /** The context of the fit that holds fold {@code k} out: its own seed, a share of the budget. */
  public FitContext forFold(int k) {
    return new FitContext(horizonDays, seed + 1000 * (k + 1), options, budget, progress);
  }

  public FitContext withBudget(Duration value) {
    return new FitContext(horizonDays, seed, options, value, progress);
  }
}
