package com.ltvforecast.model;

import java.util.Objects;

/**
 * Plain-Java training rows: model inputs (feature vectors, possibly with appended columns such as
 * BTYD outputs), spend over the horizon and churn.
 */
public record TrainingData(double[][] features, double[] spend, boolean[] churned) {

  public TrainingData {
    Objects.requireNonNull(features, "features");
    Objects.requireNonNull(spend, "spend");
    Objects.requireNonNull(churned, "churned");
    if (features.length != spend.length || features.length != churned.length) {
      throw new ModelException(
          "features, spend and churned differ in length: "
              + features.length
              + ", "
              + spend.length
              + ", "
              + churned.length);
    }
    if (features.length == 0) {
      throw new ModelException("training data has 0 rows");
    }
    for (int i = 0; i < spend.length; i++) {
      if (!Double.isFinite(spend[i])) {
        throw new ModelException("spend label of row " + i + " is not finite: " + spend[i]);
      }
    }
  }

  public int size() {
    return spend.length;
  }

  public int width() {
    return features[0].length;
  }

  /** Splits rows by a mask: true rows go to the second part (e.g. a validation hash split). */
  public static TrainingData[] split(
      double[][] features, double[] spend, boolean[] churned, boolean[] second) {
    int n2 = 0;
    for (boolean b : second) {
      n2 += b ? 1 : 0;
    }
    int n1 = features.length - n2;
    double[][] f1 = new double[n1][];
    double[][] f2 = new double[n2][];
    double[] s1 = new double[n1];
    double[] s2 = new double[n2];
    boolean[] c1 = new boolean[n1];
    boolean[] c2 = new boolean[n2];
    int i1 = 0;
    int i2 = 0;
    for (int i = 0; i < features.length; i++) {
      if (second[i]) {
        f2[i2] = features[i];
        s2[i2] = spend[i];
        c2[i2++] = churned[i];
      } else {
        f1[i1] = features[i];
        s1[i1] = spend[i];
        c1[i1++] = churned[i];
      }
    }
    return new TrainingData[] {new TrainingData(f1, s1, c1), new TrainingData(f2, s2, c2)};
  }
}
