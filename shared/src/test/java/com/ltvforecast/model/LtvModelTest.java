package com.ltvforecast.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LtvModelTest {

  @Test
  void load_shouldGiveIdenticalPredictions_whenModelWasSavedAndLoaded(@TempDir Path dir) {
    // given
    TrainingData train = SyntheticData.generate(300, 1);
    TrainingData validation = SyntheticData.generate(100, 2);
    var options = TrainingOptions.defaults().withMaxEpochs(3).withBatchSize(64);
    try (LtvModel trained =
        new ModelTrainer(options).train(SyntheticData.NAMES, 273, train, validation).model()) {
      Predictions before = trained.predict(validation.features());
      // when
      trained.save(dir);
      try (LtvModel loaded = LtvModel.load(dir)) {
        Predictions after = loaded.predict(validation.features());
        // then
        assertArrayEquals(before.spend(), after.spend());
        assertArrayEquals(before.churnProbability(), after.churnProbability());
        assertEquals(trained.spec(), loaded.spec());
        assertEquals(273, loaded.spec().horizonDays());
      }
    }
  }

  @Test
  void predict_shouldMatchBatchPrediction_whenScoringOneRow() {
    // given
    TrainingData data = SyntheticData.generate(200, 3);
    var options = TrainingOptions.defaults().withMaxEpochs(1);
    try (LtvModel model =
        new ModelTrainer(options).train(SyntheticData.NAMES, 90, data, data).model()) {
      // when
      Predictions batch = model.predict(data.features());
      Prediction single = model.predict(data.features()[17]);
      // then
      assertEquals(batch.spend()[17], single.spend(), 1e-6 * batch.spend()[17]);
      assertEquals(batch.churnProbability()[17], single.churnProbability(), 1e-6);
    }
  }

  @Test
  void predict_shouldThrowNamingTheRow_whenWidthIsWrong() {
    // given
    TrainingData data = SyntheticData.generate(50, 4);
    try (LtvModel model =
        new ModelTrainer(TrainingOptions.defaults().withMaxEpochs(1))
            .train(SyntheticData.NAMES, 90, data, data)
            .model()) {
      // when / then
      var e = assertThrows(ModelException.class, () -> model.predict(new double[][] {{1, 2}}));
      assertEquals("row 0 has 2 columns, expected 3", e.getMessage());
    }
  }

  @Test
  void load_shouldThrowModelLoadException_whenDirectoryIsEmpty(@TempDir Path dir) throws Exception {
    // given
    Files.createDirectories(dir);
    // when / then
    assertThrows(ModelLoadException.class, () -> LtvModel.load(dir));
  }
}
