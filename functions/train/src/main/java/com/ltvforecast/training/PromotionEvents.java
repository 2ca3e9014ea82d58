package com.ltvforecast.training;

/** The port that announces a promotion, so precompute can score with the new model. */
public interface PromotionEvents {
  void modelPromoted(String modelName, String version, String asOf, int horizonDays);
}
