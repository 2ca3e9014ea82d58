package com.ltvforecast.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelTrainerTest {

  static final TrainingOptions FAST =
      TrainingOptions.defaults().withMaxEpochs(5).withBatchSize(64).withLearningRate(1e-2);

  @Test
  void train_shouldReportEveryEpochAndStayWithinTheLimit_whenMaxEpochsIsSmall() {
    // given
    TrainingData train = SyntheticData.generate(400, 1);
    TrainingData validation = SyntheticData.generate(100, 2);
    List<double[]> progress = new ArrayList<>();
    var trainer =
        new ModelTrainer(
            FAST, e -> progress.add(new double[] {e.epoch(), e.trainLoss(), e.validationLoss()}));
    // when
    try (LtvModel model = trainer.train(SyntheticData.NAMES, 90, train, validation).model()) {
      // then
      assertTrue(progress.size() >= 1 && progress.size() <= 5, "epochs: " + progress.size());
      assertEquals(1, progress.get(0)[0]);
      assertTrue(Double.isFinite(progress.get(0)[1]) && Double.isFinite(progress.get(0)[2]));
      Predictions p = model.predict(validation.features());
      assertEquals(100, p.size());
      for (int i = 0; i < p.size(); i++) {
        assertTrue(p.spend()[i] >= 0, "spend " + p.spend()[i]);
        assertTrue(p.churnProbability()[i] >= 0 && p.churnProbability()[i] <= 1);
      }
    }
  }

  @Test
  void train_shouldLowerValidationLoss_whenSignalIsLearnable() {
    // given
    TrainingData train = SyntheticData.generate(2000, 3);
    TrainingData validation = SyntheticData.generate(500, 4);
    var options = FAST.withMaxEpochs(15);
    // when
    TrainingResult result =
        new ModelTrainer(options).train(SyntheticData.NAMES, 90, train, validation);
    result.model().close();
    // then
    double first = result.history().get(0).validationLoss();
    assertTrue(
        result.bestValidationLoss() < first,
        "best " + result.bestValidationLoss() + " vs first " + first);
  }

  @Test
  void train_shouldGiveIdenticalWeights_whenSeedIsTheSame() {
    // given
    TrainingData train = SyntheticData.generate(300, 5);
    TrainingData validation = SyntheticData.generate(100, 6);
    var options = FAST.withMaxEpochs(2).withSeed(11);
    // when
    float[][] a;
    float[][] b;
    try (LtvModel m1 =
            new ModelTrainer(options).train(SyntheticData.NAMES, 90, train, validation).model();
        LtvModel m2 =
            new ModelTrainer(options).train(SyntheticData.NAMES, 90, train, validation).model()) {
      a = m1.parameterValues();
      b = m2.parameterValues();
    }
    // then
    assertEquals(a.length, b.length);
    for (int i = 0; i < a.length; i++) {
      assertArrayEquals(a[i], b[i]);
    }
  }

  @Test
  void train_shouldStopEarly_whenValidationLossStopsImproving() {
    // given: a huge learning rate makes validation loss bounce, and patience 1 stops at the first
    // bounce
    TrainingData train = SyntheticData.generate(300, 7);
    TrainingData validation = SyntheticData.generate(100, 8);
    var options = FAST.withMaxEpochs(50).withPatience(1).withLearningRate(0.05);
    // when
    TrainingResult result =
        new ModelTrainer(options).train(SyntheticData.NAMES, 90, train, validation);
    result.model().close();
    // then
    assertTrue(result.epochsRun() < 50, "ran " + result.epochsRun());
    assertEquals(result.bestEpoch() + 1, result.epochsRun());
  }

  @Test
  void train_shouldThrowNonFiniteLoss_whenLearningRateExplodes() {
    // given
    TrainingData train = SyntheticData.generate(300, 9);
    TrainingData validation = SyntheticData.generate(100, 10);
    var options = FAST.withLearningRate(1e12);
    // when / then
    var e =
        assertThrows(
            NonFiniteLossException.class,
            () -> new ModelTrainer(options).train(SyntheticData.NAMES, 90, train, validation));
    assertTrue(e.getMessage().contains("loss"), e.getMessage());
  }

  @Test
  void train_shouldThrow_whenInputNamesDoNotMatchWidth() {
    // given
    TrainingData train = SyntheticData.generate(10, 1);
    // when / then
    var e =
        assertThrows(
            ModelException.class,
            () -> new ModelTrainer(FAST).train(List.of("a", "b"), 90, train, train));
    assertTrue(e.getMessage().contains("(2)"), e.getMessage());
  }
}
