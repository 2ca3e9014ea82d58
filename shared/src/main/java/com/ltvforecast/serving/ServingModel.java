package com.ltvforecast.serving;

import com.ltvforecast.features.FeatureCalculator;
import com.ltvforecast.features.ModelInputs;
import com.ltvforecast.json.Json;
import com.ltvforecast.model.LtvEnsemble;
import com.ltvforecast.model.Prediction;
import com.ltvforecast.model.Predictions;
import com.ltvforecast.registry.CorruptArtifactException;
import com.ltvforecast.registry.ModelArtifacts;
import com.ltvforecast.registry.ModelMetadata;
import com.ltvforecast.registry.ModelVersion;
import com.ltvforecast.storage.LocalFiles;
import java.nio.file.Path;
import java.util.stream.IntStream;

/**
 * A registered model ready to score: its verified artifacts, its metadata and the input builder with
 * its own BTYD parameters. Precompute and on-demand prediction both score through here, from feature
 * vectors in schema order, so they cannot disagree.
 */
public final class ServingModel implements AutoCloseable {

  private final ModelVersion version;
  private final ModelMetadata metadata;
  private final LtvEnsemble ensemble;
  private final ModelInputs inputs;

  private ServingModel(ModelVersion version, ModelMetadata metadata, LtvEnsemble ensemble) {
    this.version = version;
    this.metadata = metadata;
    this.ensemble = ensemble;
    this.inputs = new ModelInputs(metadata.bgnbdParams(), metadata.gammaGammaParams(), metadata.horizonDays());
  }

  /**
   * Downloads, verifies against the registry's checksum, and loads a version.
   *
   * @throws CorruptArtifactException when the artifacts are missing, altered, or built for other features
   */
  public static ServingModel load(ModelVersion version, ModelArtifacts artifacts, Path workRoot) {
    ModelMetadata metadata = Json.read(artifacts.readJson(version, ModelArtifacts.METADATA), ModelMetadata.class);
    if (metadata.featureSchemaVersion() != FeatureCalculator.SCHEMA.version()
        || !metadata.inputNames().equals(ModelInputs.names())) {
      throw new CorruptArtifactException(version.version(), "built for feature schema "
          + metadata.featureSchemaVersion() + " and inputs " + metadata.inputNames() + ", this code serves schema "
          + FeatureCalculator.SCHEMA.version());
    }
    Path dir = LocalFiles.createWorkDir(workRoot, "model-");
    try {
      return new ServingModel(version, metadata, LtvEnsemble.load(artifacts.download(version, dir)));
    } finally {
      LocalFiles.deleteRecursively(dir);
    }
  }

  public String version() {
    return version.version();
  }

  public ModelVersion registryEntry() {
    return version;
  }

  public ModelMetadata metadata() {
    return metadata;
  }

  /** How many networks the served ensemble averages. */
  public int ensembleSize() {
    return ensemble.size();
  }

  public int horizonDays() {
    return metadata.horizonDays();
  }

  /**
   * Scores feature vectors in feature-schema order. Large batches run on the common fork-join pool,
   * one task per forward-pass chunk that builds its own input rows (the BG/NBD terms cost a few
   * hundred nanoseconds each) and scores them while they are still in cache.
   */
  public Predictions predict(double[][] features) {
    int n = features.length;
    if (n <= LtvEnsemble.PREDICT_CHUNK) {
      return ensemble.predict(rows(features, 0, n));
    }
    double[] spend = new double[n];
    double[] churn = new double[n];
    IntStream.range(0, (n + LtvEnsemble.PREDICT_CHUNK - 1) / LtvEnsemble.PREDICT_CHUNK).parallel().forEach(c -> {
      int from = c * LtvEnsemble.PREDICT_CHUNK;
      int to = Math.min(n, from + LtvEnsemble.PREDICT_CHUNK);
      Predictions chunk = ensemble.predict(rows(features, from, to));
      System.arraycopy(chunk.spend(), 0, spend, from, to - from);
      System.arraycopy(chunk.churnProbability(), 0, churn, from, to - from);
    });
    return new Predictions(spend, churn);
  }

  private double[][] rows(double[][] features, int from, int to) {
    double[][] rows = new double[to - from][];
    for (int i = from; i < to; i++) {
      rows[i - from] = inputs.row(features[i]);
    }
    return rows;
  }

  public Prediction predict(double[] features) {
    return ensemble.predict(inputs.row(features));
  }

  @Override
  public void close() {
    ensemble.close();
  }
}
