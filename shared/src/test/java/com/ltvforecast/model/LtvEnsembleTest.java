package com.ltvforecast.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LtvEnsembleTest {

  private static final TrainingOptions FAST = TrainingOptions.defaults().withMaxEpochs(3).withBatchSize(64);

  @Test
  void load_shouldGiveIdenticalPredictions_whenEnsembleWasSavedAndLoaded(@TempDir Path dir) {
    // given a three-member ensemble
    TrainingData train = SyntheticData.generate(300, 1);
    TrainingData validation = SyntheticData.generate(100, 2);
    try (LtvEnsemble trained = LtvEnsemble.train(3, FAST, (e, t, v) -> { }, SyntheticData.NAMES, 273, train,
        validation).ensemble()) {
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
    try (LtvEnsemble pair = LtvEnsemble.train(2, FAST, (e, t, v) -> { }, SyntheticData.NAMES, 90, train, validation)
            .ensemble();
        LtvModel first = new ModelTrainer(FAST).train(SyntheticData.NAMES, 90, train, validation).model();
        LtvModel second = new ModelTrainer(FAST.withSeed(FAST.seed() + 1)).train(SyntheticData.NAMES, 90, train,
            validation).model()) {
      // when
      Predictions averaged = pair.predict(validation.features());
      Predictions a = first.predict(validation.features());
      Predictions b = second.predict(validation.features());
      // then
      for (int i = 0; i < validation.size(); i++) {
        assertEquals((a.spend()[i] + b.spend()[i]) / 2, averaged.spend()[i], 1e-9);
        assertEquals((a.churnProbability()[i] + b.churnProbability()[i]) / 2, averaged.churnProbability()[i], 1e-9);
      }
    }
  }

  @Test
  void train_shouldKeepOneMemberAndStopAfterAnEpoch_whenTimeBudgetIsSpent() {
    // given a budget already spent
    TrainingData train = SyntheticData.generate(300, 5);
    TrainingData validation = SyntheticData.generate(100, 6);
    // when
    LtvEnsemble.Trained trained = LtvEnsemble.train(5, java.time.Duration.ZERO,
        TrainingOptions.defaults().withMaxEpochs(50), (e, t, v) -> { }, SyntheticData.NAMES, 90, train, validation);
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
