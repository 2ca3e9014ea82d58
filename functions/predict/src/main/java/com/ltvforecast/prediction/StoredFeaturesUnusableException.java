package com.ltvforecast.prediction;

/**
 * FeatureTable holds a vector this model cannot read (another schema version, wrong width,
 * non-finite).
 */
public class StoredFeaturesUnusableException extends PredictionException {
  public StoredFeaturesUnusableException(String message) {
    super(message);
  }
}
