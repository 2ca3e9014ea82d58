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
   * Scores feature vectors in feature-schema order, in batches; each chunk's input rows (the BG/NBD
   * terms cost a few hundred nanoseconds each) are built in that chunk's own task.
   */
  public Predictions predict(double[][] features) {
    return ensemble.predict(features, inputs::row);
  }

  public Prediction predict(double[] features) {
    return ensemble.predict(inputs.row(features));
  }

  @Override
  public void close() {
    ensemble.close();
  }
}
