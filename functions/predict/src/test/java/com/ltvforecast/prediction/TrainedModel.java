package com.ltvforecast.prediction;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.ltvforecast.config.AppConfig;
import com.ltvforecast.config.TrainingSettings;
import com.ltvforecast.curated.CuratedLayout;
import com.ltvforecast.curated.CuratedReader;
import com.ltvforecast.ingest.IngestCommand;
import com.ltvforecast.ingest.IngestOutcome;
import com.ltvforecast.ingest.IngestService;
import com.ltvforecast.json.Json;
import com.ltvforecast.model.TrainingOptions;
import com.ltvforecast.registry.ModelArtifacts;
import com.ltvforecast.registry.ModelVersion;
import com.ltvforecast.storage.ObjectStore;
import com.ltvforecast.testing.InMemoryModelRegistry;
import com.ltvforecast.testing.InMemoryObjectStore;
import com.ltvforecast.testing.ProjectFiles;
import com.ltvforecast.training.TrainCommand;
import com.ltvforecast.training.TrainingReport;
import com.ltvforecast.training.TrainingService;
import com.ltvforecast.transactions.TransactionParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;

/**
 * A real model, trained once per test JVM on the CDNOW sample through the real ingest and training
 * services (one member, a few epochs: fast, and a genuine registered artifact with its checksum).
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
      Path work = Files.createTempDirectory("predict-test-");
      InMemoryObjectStore store = new InMemoryObjectStore();
      byte[] csv = Files.readAllBytes(ProjectFiles.sharedData("cdnow/transactions_sample.csv"));
      String key = CuratedLayout.RAW_PREFIX + "cdnow_sample.csv";
      store.put(key, csv);
      IngestOutcome outcome = new IngestService(store, AppConfig.from(n -> null).ingestLimits(), 16,
          new TransactionParser(), work, Clock.systemUTC())
          .ingest(new IngestCommand(key, InMemoryObjectStore.etagOf(csv), null, null));
      if (outcome.status() != IngestOutcome.Status.PUBLISHED) {
        throw new IllegalStateException("sample not published: " + outcome);
      }
      InMemoryModelRegistry registry = new InMemoryModelRegistry();
      TrainingReport report = new TrainingService(new CuratedReader(store), new ModelArtifacts(store), registry,
          (name, v, asOf, horizon) -> { }, NAME, new TrainingSettings(4, 1, 900, 2_000_000, 200, 0.05, 0.05, "default"),
          TrainingOptions.defaults().withMaxEpochs(4), work, Clock.systemUTC())
          .train(new TrainCommand(LocalDate.parse("1998-07-01"), 273), (e, t, v) -> { });
      ModelVersion version = registry.find(NAME, report.modelVersion()).orElseThrow();
      return new TrainedModel(store, version.withStatus(ModelVersion.Status.CANDIDATE, java.util.List.of()));
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
    }
    return new ModelVersion(NAME, newVersion, ModelVersion.Status.CANDIDATE, prefix, version.checksum(),
        version.createdAt(), version.metrics(), java.util.List.of());
  }

  /** Copies this model's own artifacts into another store (for example S3 on a local endpoint). */
  void copyTo(ObjectStore target) {
    for (String key : store.list(version.artifactPrefix())) {
      target.write(key, store.get(key), "application/octet-stream");
    }
  }
}
