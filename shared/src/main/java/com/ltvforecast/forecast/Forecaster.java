package com.ltvforecast.forecast;

import com.ltvforecast.model.Prediction;
import com.ltvforecast.model.Predictions;
import java.nio.file.Path;

/**
 * A fitted forecaster: expected spend over the horizon and churn probability (no purchase in the
 * horizon) for each customer, from feature vectors in {@link
 * com.ltvforecast.features.FeatureCalculator} schema order. Training evaluation, precompute and
 * {@code /predict} all score through {@link #predict(double[][])}; {@link Forecasters} saves and
 * loads every kind as one artifact directory with a {@code forecaster.json} naming its kind.
 */
public interface Forecaster extends AutoCloseable {

  /** The artifact kind, the key {@link Forecasters#load} dispatches on. */
  String kind();

  int horizonDays();

  /** Forecasts for each feature vector (schema order); thread-safe. */
  Predictions predict(double[][] features);

  default Prediction predict(double[] features) {
    return predict(new double[][] {features}).get(0);
  }

  /**
   * Writes this kind's own files into {@code dir} (which exists); {@link Forecasters#save} adds the
   * kind file.
   */
  void saveContent(Path dir);

  /** How many networks this forecaster averages (0 when no network scores). */
  default int networkMembers() {
    return 0;
  }

  /** Frees native resources, if any. */
  @Override
  default void close() {}
}
