package com.ltvforecast.model;

import java.util.List;
import java.util.Objects;

/**
 * Everything that steers one training run. {@code maxEpochs} is the limit that keeps unit tests
 * fast; full-quality runs raise it.
 *
 * @param patience epochs without a validation-loss improvement before stopping early
 * @param tweediePower 1 = Poisson deviance; (1, 2) = compound Poisson-gamma Tweedie
 * @param churnLossWeight weight of the churn cross-entropy relative to the spend deviance
 */
public record TrainingOptions(
    int maxEpochs,
    int batchSize,
    double learningRate,
    int seed,
    int patience,
    List<Integer> hiddenLayers,
    double dropout,
    double tweediePower,
    double churnLossWeight) {

  public TrainingOptions {
    Objects.requireNonNull(hiddenLayers, "hiddenLayers");
    hiddenLayers = List.copyOf(hiddenLayers);
    if (maxEpochs < 1) {
      throw new ModelException("maxEpochs must be >= 1, got " + maxEpochs);
    }
    if (batchSize < 1) {
      throw new ModelException("batchSize must be >= 1, got " + batchSize);
    }
    if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
      throw new ModelException("learningRate must be > 0, got " + learningRate);
    }
    if (patience < 1) {
      throw new ModelException("patience must be >= 1, got " + patience);
    }
    for (int units : hiddenLayers) {
      if (units < 1) {
        throw new ModelException("hidden layer sizes must be >= 1, got " + hiddenLayers);
      }
    }
    if (!(dropout >= 0 && dropout < 1)) {
      throw new ModelException("dropout must be in [0, 1), got " + dropout);
    }
    if (!(tweediePower >= 1 && tweediePower < 2)) {
      throw new ModelException("tweediePower must be in [1, 2), got " + tweediePower);
    }
    if (!(churnLossWeight >= 0) || Double.isInfinite(churnLossWeight)) {
      throw new ModelException("churnLossWeight must be >= 0, got " + churnLossWeight);
    }
  }

  public static TrainingOptions defaults() {
    return new TrainingOptions(200, 256, 1e-3, 42, 15, List.of(64, 32), 0.0, 1.5, 1.0);
  }

  public TrainingOptions withMaxEpochs(int value) {
    return new TrainingOptions(
        value,
        batchSize,
        learningRate,
        seed,
        patience,
        hiddenLayers,
        dropout,
        tweediePower,
        churnLossWeight);
  }

  public TrainingOptions withSeed(int value) {
    return new TrainingOptions(
        maxEpochs,
        batchSize,
        learningRate,
        value,
        patience,
        hiddenLayers,
        dropout,
        tweediePower,
        churnLossWeight);
  }

  public TrainingOptions withBatchSize(int value) {
    return new TrainingOptions(
        maxEpochs,
        value,
        learningRate,
        seed,
        patience,
        hiddenLayers,
        dropout,
        tweediePower,
        churnLossWeight);
  }

  public TrainingOptions withLearningRate(double value) {
    return new TrainingOptions(
        maxEpochs,
        batchSize,
        value,
        seed,
        patience,
        hiddenLayers,
        dropout,
        tweediePower,
        churnLossWeight);
  }

  public TrainingOptions withPatience(int value) {
    return new TrainingOptions(
        maxEpochs,
        batchSize,
        learningRate,
        seed,
        value,
        hiddenLayers,
        dropout,
        tweediePower,
        churnLossWeight);
  }

  public TrainingOptions withHiddenLayers(List<Integer> value) {
    return new TrainingOptions(
        maxEpochs,
        batchSize,
        learningRate,
        seed,
        patience,
        value,
        dropout,
        tweediePower,
        churnLossWeight);
  }

  public TrainingOptions withDropout(double value) {
    return new TrainingOptions(
        maxEpochs,
        batchSize,
        learningRate,
        seed,
        patience,
        hiddenLayers,
        value,
        tweediePower,
        churnLossWeight);
  }

  public TrainingOptions withTweediePower(double value) {
    return new TrainingOptions(
        maxEpochs,
        batchSize,
        learningRate,
        seed,
        patience,
        hiddenLayers,
        dropout,
        value,
        churnLossWeight);
  }

  public TrainingOptions withChurnLossWeight(double value) {
    return new TrainingOptions(
        maxEpochs,
        batchSize,
        learningRate,
        seed,
        patience,
        hiddenLayers,
        dropout,
        tweediePower,
        value);
  }
}
