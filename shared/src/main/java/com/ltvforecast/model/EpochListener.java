package com.ltvforecast.model;

/** Per-epoch progress of a training run, e.g. for logs, metrics or a progress bar. */
@FunctionalInterface
public interface EpochListener {

  void onEpoch(Epoch epoch);

  /**
   * One finished epoch of ensemble member {@code member} (1-based) of {@code members}; training
   * stops at {@code maxEpochs} at the latest, earlier when the early-stopping loss stops improving.
   */
  record Epoch(
      int member, int members, int epoch, int maxEpochs, double trainLoss, double validationLoss) {

    Epoch ofMember(int member, int members) {
      return new Epoch(member, members, epoch, maxEpochs, trainLoss, validationLoss);
    }
  }
}
