package com.ltvforecast.model;

import java.util.Random;

/**
 * Small synthetic customers: spend and churn depend on two of three columns, so a fit is learnable.
 */
final class SyntheticData {

  private SyntheticData() {}

  static TrainingData generate(int rows, long seed) {
    Random random = new Random(seed);
    double[][] x = new double[rows][];
    double[] spend = new double[rows];
    boolean[] churned = new boolean[rows];
    for (int i = 0; i < rows; i++) {
      double frequency = random.nextInt(10);
      double recency = random.nextInt(300);
      double noise = random.nextDouble() * 100;
      x[i] = new double[] {frequency, recency, noise};
      double rate = 0.05 + 0.1 * frequency * (recency / 300.0);
      churned[i] = random.nextDouble() > rate * 3;
      spend[i] = churned[i] ? 0 : 20 + 10 * frequency + random.nextDouble() * 10;
    }
    return new TrainingData(x, spend, churned);
  }

  static final java.util.List<String> NAMES = java.util.List.of("frequency", "recency", "noise");
}
