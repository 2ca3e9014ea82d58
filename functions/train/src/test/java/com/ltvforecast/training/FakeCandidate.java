package com.ltvforecast.training;

import com.ltvforecast.features.FeatureCalculator;
import com.ltvforecast.forecast.Candidate;
import com.ltvforecast.forecast.FitContext;
import com.ltvforecast.forecast.FitData;
import com.ltvforecast.forecast.Forecaster;
import com.ltvforecast.model.Predictions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A test candidate that knows the synthetic data's rule (customers whose first purchase was at
 * least the threshold buy it again): registering it is this class plus one line in the candidate
 * list.
 */
final class FakeCandidate implements Candidate {

  static final String NAME = "fake";
  static final String KIND = "fake-test";
  private static final int FIRST = FeatureCalculator.SCHEMA.indexOf("first_purchase_spend");

  private final double threshold;

  FakeCandidate(double threshold) {
    this.threshold = threshold;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public Forecaster load(Path dir) {
    try {
      return new Model(Double.parseDouble(Files.readString(dir.resolve("fake.txt"))), 273);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public Forecaster fit(FitData data, FitContext context) {
    return new Model(threshold, context.horizonDays());
  }

  record Model(double threshold, int horizonDays) implements Forecaster {
    @Override
    public String kind() {
      return KIND;
    }

    @Override
    public Predictions predict(double[][] features) {
      double[] spend = new double[features.length];
      double[] churn = new double[features.length];
      for (int i = 0; i < features.length; i++) {
        boolean buys = features[i][FIRST] >= threshold;
        spend[i] = buys ? features[i][FIRST] : 0;
        churn[i] = buys ? 0.02 : 0.98;
      }
      return new Predictions(spend, churn);
    }

    @Override
    public void saveContent(Path dir) {
      try {
        Files.writeString(
            dir.resolve("fake.txt"), Double.toString(threshold), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
