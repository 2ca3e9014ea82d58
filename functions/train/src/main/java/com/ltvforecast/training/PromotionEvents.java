package com.ltvforecast.training;

/** The port that announces a promotion, so precompute can score with the new model. */
public interface PromotionEvents {
  /**
   * @param asOf the run date of the training, or null for a rollback
   */
  void modelPromoted(String modelName, String version, String asOf, int horizonDays);
}
