package com.ltvforecast.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LtvEnsembleTest {

  private static final TrainingOptions FAST =
      TrainingOptions.defaults().withMaxEpochs(3).withBatchSize(64);

  @Test
  void load_shouldGiveIdenticalPredictions_whenEnsembleWasSavedAndLoaded(@TempDir Path dir) {
    // given a three-member ensemble
    TrainingData train = SyntheticData.generate(300, 1);
    TrainingData validation = SyntheticData.generate(100, 2);
    try (LtvEnsemble trained =
        LtvEnsemble.train(3, FAST, epoch -> {}, SyntheticData.NAMES, 273, train, validation)
            .ensemble()) {
      Predictions before = trained.predict(validation.features());
      // when
      trained.save(dir);
      try (LtvEnsemble loaded = LtvEnsemble.load(dir)) {
        // then
        Predictions after = loaded.predict(validation.features());
        assertEquals(3, loaded.size());
        assertArrayEquals(before.spend(), after.spend());
        assertArrayEquals(before.churnProbability(), after.churnProbability());
      }
    }
  }

  @Test
  void predict_shouldAverageMembers_whenSeedsDiffer() {
    // given
    TrainingData train = SyntheticData.generate(300, 3);
    TrainingData validation = SyntheticData.generate(50, 4);
    try (LtvEnsemble pair =
            LtvEnsemble.train(2, FAST, epoch -> {}, SyntheticData.NAMES, 90, train, validation)
                .ensemble();
        LtvModel first =
            new ModelTrainer(FAST).train(SyntheticData.NAMES, 90, train, validation).model();
        LtvModel second =
            new ModelTrainer(FAST.withSeed(FAST.seed() + 1))
                .train(SyntheticData.NAMES, 90, train, validation)
                .model()) {
      // when
      Predictions averaged = pair.predict(validation.features());
      Predictions a = first.predict(validation.features());
      Predictions b = second.predict(validation.features());
      // then: the stacked pass sums in another order, so they agree to float32 precision
      for (int i = 0; i < validation.size(); i++) {
        double spend = (a.spend()[i] + b.spend()[i]) / 2;
        assertEquals(spend, averaged.spend()[i], 1e-5 * Math.max(1, spend));
        assertEquals(
            (a.churnProbability()[i] + b.churnProbability()[i]) / 2,
            averaged.churnProbability()[i],
            1e-6);
      }
    }
  }

  @Test
  void predict_shouldPlaceEveryChunkAtItsRows_whenBatchSpansSeveralParallelChunks() {
    // given a batch of two and a half stacked chunks
    TrainingData train = SyntheticData.generate(300, 7);
    TrainingData rows = SyntheticData.generate(LtvEnsemble.PREDICT_CHUNK * 5 / 2, 8);
    try (LtvEnsemble ensemble =
        LtvEnsemble.train(2, FAST, epoch -> {}, SyntheticData.NAMES, 90, train, train).ensemble()) {
      // when
      Predictions all = ensemble.predict(rows.features());
      // then each chunk scored alone gives exactly its slice of the parallel result
      for (int from = 0; from < rows.size(); from += LtvEnsemble.PREDICT_CHUNK) {
        int to = Math.min(rows.size(), from + LtvEnsemble.PREDICT_CHUNK);
        Predictions alone =
            ensemble.predict(java.util.Arrays.copyOfRange(rows.features(), from, to));
        assertArrayEquals(alone.spend(), java.util.Arrays.copyOfRange(all.spend(), from, to));
        assertArrayEquals(
            alone.churnProbability(),
            java.util.Arrays.copyOfRange(all.churnProbability(), from, to));
      }
    }
  }

  @Test
  void predict_shouldAverageMembers_whenMembersWereFittedOnDifferentData() {
    // given members whose normalisers differ, so the stacked pass normalises once per member
    TrainingData first = SyntheticData.generate(300, 9);
    TrainingData second = SyntheticData.generate(200, 10);
    TrainingData rows = SyntheticData.generate(50, 11);
    LtvModel a = new ModelTrainer(FAST).train(SyntheticData.NAMES, 90, first, first).model();
    LtvModel b = new ModelTrainer(FAST).train(SyntheticData.NAMES, 90, second, second).model();
    try (LtvEnsemble pair = new LtvEnsemble(java.util.List.of(a, b))) {
      // when
      Predictions averaged = pair.predict(rows.features());
      Predictions pa = a.predict(rows.features());
      Predictions pb = b.predict(rows.features());
      // then
      for (int i = 0; i < rows.size(); i++) {
        double spend = (pa.spend()[i] + pb.spend()[i]) / 2;
        assertEquals(spend, averaged.spend()[i], 1e-5 * Math.max(1, spend));
        assertEquals(
            (pa.churnProbability()[i] + pb.churnProbability()[i]) / 2,
            averaged.churnProbability()[i],
            1e-6);
      }
    }
  }

  @Test
  void predict_shouldRefuseTheBatch_whenARowIsNonFiniteOrTheWrongWidth() {
    TrainingData train = SyntheticData.generate(300, 12);
    try (LtvEnsemble ensemble =
        LtvEnsemble.train(1, FAST, epoch -> {}, SyntheticData.NAMES, 90, train, train).ensemble()) {
      double[][] rows = SyntheticData.generate(LtvEnsemble.PREDICT_CHUNK * 2, 13).features();
      rows[LtvEnsemble.PREDICT_CHUNK + 3] = rows[0].clone();
      rows[LtvEnsemble.PREDICT_CHUNK + 3][1] = Double.NaN;
      ModelException nan = assertThrows(ModelException.class, () -> ensemble.predict(rows));
      assertEquals(
          "row " + (LtvEnsemble.PREDICT_CHUNK + 3) + " has a non-finite value: NaN",
          nan.getMessage());
      assertThrows(ModelException.class, () -> ensemble.predict(new double[][] {{1.0, 2.0}}));
      assertEquals(0, ensemble.predict(new double[0][]).size());
    }
  }

  @Test
  void train_shouldKeepOneMemberAndStopAfterAnEpoch_whenTimeBudgetIsSpent() {
    // given a budget already spent
    TrainingData train = SyntheticData.generate(300, 5);
    TrainingData validation = SyntheticData.generate(100, 6);
    // when
    LtvEnsemble.Trained trained =
        LtvEnsemble.train(
            5,
            java.time.Duration.ZERO,
            TrainingOptions.defaults().withMaxEpochs(50),
            epoch -> {},
            SyntheticData.NAMES,
            90,
            train,
            validation);
    // then
    try (LtvEnsemble ensemble = trained.ensemble()) {
      assertEquals(1, ensemble.size());
      assertEquals(java.util.List.of(1), trained.epochsRun());
    }
  }

  @Test
  void load_shouldRefuse_whenEnsembleFileIsMissingOrHostile(@TempDir Path dir) throws Exception {
    assertThrows(ModelLoadException.class, () -> LtvEnsemble.load(dir));
    Files.writeString(dir.resolve("ensemble.json"), "{\"members\": 100000}");
    assertThrows(ModelLoadException.class, () -> LtvEnsemble.load(dir));
  }
}
