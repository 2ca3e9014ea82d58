package com.ltvforecast.testing;

import com.ltvforecast.model.LtvEnsemble;
import com.ltvforecast.model.Prediction;
import com.ltvforecast.model.TrainingData;
import com.ltvforecast.model.TrainingOptions;
import java.util.List;
import java.util.Random;

/**
 * Run in a fresh JVM on a function's packaged tree ({@code target/lambda/lib/*}): trains and scores
 * a tiny network, so the engine has to load libtorch from {@code PYTORCH_LIBRARY_PATH}, as it does
 * in the container image.
 */
public final class PackagedTreeProbe {

  private PackagedTreeProbe() {}

  public static void main(String[] args) {
    Random random = new Random(7);
    int n = 200;
    double[][] x = new double[n][2];
    double[] spend = new double[n];
    boolean[] churned = new boolean[n];
    for (int i = 0; i < n; i++) {
      x[i][0] = random.nextInt(10);
      x[i][1] = random.nextDouble() * 100;
      spend[i] = x[i][0] * 5;
      churned[i] = x[i][0] == 0;
    }
    TrainingData data = new TrainingData(x, spend, churned);
    try (LtvEnsemble model =
        LtvEnsemble.train(
                1,
                TrainingOptions.defaults().withMaxEpochs(2),
                epoch -> {},
                List.of("frequency", "noise"),
                90,
                data,
                data)
            .ensemble()) {
      Prediction p = model.predict(new double[] {3, 50});
      System.out.println("PROBE_OK spend=" + p.spend() + " churn=" + p.churnProbability());
    }
  }
}
