package com.ltvforecast.training;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ltvforecast.model.TrainingOptions;
import com.ltvforecast.registry.ModelVersion;
import com.ltvforecast.storage.LocalFiles;
import com.ltvforecast.testing.InMemoryModelRegistry;
import com.ltvforecast.testing.ProjectFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writes the predict module's checked-in fixture artifact ({@code
 * functions/predict/src/test/resources/ fixture-model/}: {@code metadata.json} and {@code model/}),
 * so the predict tests need neither this module nor libtorch. A real training run on the CDNOW
 * sample (paper protocol, 4 epochs, one network member per fold); re-run it after a change of the
 * artifact format: {@code mvn -pl functions/train test -Dtest=PredictFixtureWriter
 * -Dltv.writePredictFixture=true -Dltv.membersPerFold=1}.
 */
class PredictFixtureWriter {

  @TempDir Path work;

  @Test
  @EnabledIfSystemProperty(named = "ltv.writePredictFixture", matches = "true")
  void writePredictFixture() throws IOException {
    TrainingFixtures fixtures = new TrainingFixtures(work).ingest("cdnow/transactions_sample.csv");
    InMemoryModelRegistry registry = new InMemoryModelRegistry();
    TrainingReport report =
        fixtures
            .service(
                registry, TrainingFixtures.settings(4), TrainingOptions.defaults().withMaxEpochs(4))
            .train(new TrainCommand(LocalDate.parse("1998-07-01"), 273), epoch -> {});
    ModelVersion version = registry.find("ltv", report.modelVersion()).orElseThrow();
    Path target = ProjectFiles.root().resolve("functions/predict/src/test/resources/fixture-model");
    LocalFiles.deleteRecursively(target);
    for (String key : fixtures.store.list(version.artifactPrefix())) {
      String relative = key.substring(version.artifactPrefix().length());
      if (relative.startsWith("model/") || relative.equals("metadata.json")) {
        Path file = target.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.write(file, fixtures.store.get(key));
      }
    }
    assertTrue(Files.isRegularFile(target.resolve("model/forecaster.json")));
    System.out.println(
        "fixture " + version.version() + " written to " + target + ": " + report.selected());
  }
}
