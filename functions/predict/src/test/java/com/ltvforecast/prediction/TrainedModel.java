package com.ltvforecast.prediction;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.ltvforecast.json.Json;
import com.ltvforecast.model.TrainingOptions;
import com.ltvforecast.registry.ModelArtifacts;
import com.ltvforecast.registry.ModelVersion;
import com.ltvforecast.storage.ObjectStore;
import com.ltvforecast.testing.InMemoryModelRegistry;
import com.ltvforecast.testing.InMemoryObjectStore;
import com.ltvforecast.training.TrainCommand;
import com.ltvforecast.training.TrainingFixtures;
import com.ltvforecast.training.TrainingReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.LocalDate;

/**
 * A real model, trained once per test JVM on the CDNOW sample through the real ingest and training
 * services wired by train's {@link TrainingFixtures} (one member, a few epochs: fast, and a genuine
 * registered artifact with its checksum).
 */
final class TrainedModel {

  static final String NAME = "ltv";
  private static TrainedModel instance;

  final InMemoryObjectStore store;
  final ModelVersion version;

  private TrainedModel(InMemoryObjectStore store, ModelVersion version) {
    this.store = store;
    this.version = version;
  }

  static synchronized TrainedModel get() {
    if (instance == null) {
      instance = train();
    }
    return instance;
  }

  private static TrainedModel train() {
    try {
      TrainingFixtures fixtures = new TrainingFixtures(Files.createTempDirectory("predict-test-"))
          .ingest("cdnow/transactions_sample.csv");
      InMemoryModelRegistry registry = new InMemoryModelRegistry();
      TrainingReport report = fixtures.service(registry, TrainingFixtures.settings(4),
              TrainingOptions.defaults().withMaxEpochs(4))
          .train(new TrainCommand(LocalDate.parse("1998-07-01"), 273), epoch -> { });
      ModelVersion version = registry.find(NAME, report.modelVersion()).orElseThrow();
      return new TrainedModel(fixtures.store, version.withStatus(ModelVersion.Status.CANDIDATE, java.util.List.of()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A registry holding this model as production. */
  InMemoryModelRegistry registry() {
    InMemoryModelRegistry registry = new InMemoryModelRegistry();
    registry.register(version);
    registry.promote(NAME, version.version(), null);
    return registry;
  }

  /**
   * The same weights registered again as {@code newVersion} (artifacts copied to its own prefix,
   * metadata renamed), as a retrain would; copied into {@code target}.
   */
  ModelVersion copyAs(String newVersion, ObjectStore target) {
    String prefix = ModelArtifacts.prefix(NAME, newVersion);
    java.nio.file.Path staged;
    try {
      staged = Files.createTempDirectory("copy-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (String key : store.list(version.artifactPrefix())) {
      String relative = key.substring(version.artifactPrefix().length());
      byte[] content = store.get(key);
      if (relative.equals(ModelArtifacts.METADATA)) {
        try {
          ObjectNode metadata = (ObjectNode) Json.MAPPER.readTree(content);
          metadata.put("version", newVersion);
          content = Json.bytes(metadata);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      target.write(prefix + relative, content, "application/octet-stream");
      try {
        java.nio.file.Path file = staged.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.write(file, content);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    // the renamed metadata is covered by the checksum, so the copy registers its own
    return new ModelVersion(NAME, newVersion, ModelVersion.Status.CANDIDATE, prefix, ModelArtifacts.checksum(staged),
        version.createdAt(), version.metrics(), java.util.List.of());
  }

  /** Copies this model's own artifacts into another store (for example S3 on a local endpoint). */
  void copyTo(ObjectStore target) {
    for (String key : store.list(version.artifactPrefix())) {
      target.write(key, store.get(key), "application/octet-stream");
    }
  }
}
