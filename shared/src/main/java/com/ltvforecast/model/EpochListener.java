package com.ltvforecast.model;

/** Per-epoch progress of a training run, e.g. for logs or metrics. */
@FunctionalInterface
public interface EpochListener {
  void onEpoch(int epoch, double trainLoss, double validationLoss);
}
