package com.ltvforecast.model;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of a run: the model with the best validation loss, and the per-epoch history. The
 * caller owns (and closes) the model.
 */
public record TrainingResult(
    LtvModel model,
    int epochsRun,
    int bestEpoch,
    double bestValidationLoss,
    List<EpochStats> history) {

  public TrainingResult {
    Objects.requireNonNull(model, "model");
    history = List.copyOf(history);
  }

  /** Losses of one epoch. */
  public record EpochStats(int epoch, double trainLoss, double validationLoss) {}
}
