package com.ltvforecast.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PlainForwardTest {

  @Test
  void predict_shouldMatchTheDjlForward_whenGivenTheSameWeights() {
    // given a two-member ensemble
    TrainingOptions fast = TrainingOptions.defaults().withMaxEpochs(3).withBatchSize(64);
    TrainingData train = SyntheticData.generate(300, 5);
    TrainingData rows = SyntheticData.generate(50, 6);
    try (LtvEnsemble ensemble = LtvEnsemble.train(2, fast, epoch -> { }, SyntheticData.NAMES, 90, train, rows)
        .ensemble()) {
      // when
      PlainForward plain = ensemble.plainForward();
      // then both agree to float precision on every row
      assertEquals(2, plain.members());
      for (double[] row : rows.features()) {
        Prediction djl = ensemble.predict(row);
        Prediction java = plain.predict(row);
        assertEquals(djl.spend(), java.spend(), 1e-4 * Math.max(1, djl.spend()));
        assertEquals(djl.churnProbability(), java.churnProbability(), 1e-5);
      }
    }
  }
}
