package com.ltvforecast.serving;

import com.ltvforecast.features.FeatureCalculator;
import com.ltvforecast.features.ModelInputs;
import com.ltvforecast.forecast.Forecaster;
import com.ltvforecast.json.Json;
import com.ltvforecast.model.ModelException;
import com.ltvforecast.model.Prediction;
import com.ltvforecast.model.Predictions;
import com.ltvforecast.registry.CorruptArtifactException;
import com.ltvforecast.registry.ModelArtifacts;
import com.ltvforecast.registry.ModelMetadata;
import com.ltvforecast.registry.ModelVersion;
import com.ltvforecast.storage.LocalFiles;
import java.nio.file.Path;

/**
 * A registered model ready to score: its verified artifacts loaded as a {@link Forecaster} of any
 * kind (network, BG/NBD + Gamma-Gamma, a blend or per-head mix), and its metadata. Precompute,
 * on-demand prediction and the training evaluation all score through {@link Forecaster#predict},
 * from feature vectors in schema order, so they cannot disagree.
 */
public final class ServingModel implements AutoCloseable {

  private final ModelVersion version;
  private final ModelMetadata metadata;
  private final Forecaster forecaster;
  private volatile boolean closed;

  private ServingModel(ModelVersion version, ModelMetadata metadata, Forecaster forecaster) {
    this.version = version;
    this.metadata = metadata;
    this.forecaster = forecaster;
  }

  /**
   * Reads a verified version's model files into a forecaster: with DJL ({@code
   * Forecasters::loadServing}) or in plain Java.
   */
  @FunctionalInterface
  public interface Loader {
    Forecaster load(Path files, ModelMetadata metadata);
  }

  /**
   * Downloads, verifies against the registry's checksum (the model files and {@code
   * metadata.json}), and loads a version with {@code loader}. Nothing is read from the metadata
   * before it is verified, and the downloaded files are deleted before this returns.
   *
   * @throws CorruptArtifactException when the artifacts are missing, altered, or built for other
   *     features
   */
  public static ServingModel load(
      ModelVersion version, ModelArtifacts artifacts, Path workRoot, Loader loader) {
    Path dir = LocalFiles.createWorkDir(workRoot, "model-");
    try {
      return loadDownloaded(version, artifacts, dir, artifacts.download(version, dir), loader);
    } finally {
      LocalFiles.deleteRecursively(dir);
    }
  }

  /**
   * {@link #load} from a folder {@link ModelArtifacts#download} already filled and verified ({@code
   * dir}, its model files in {@code files}), which the caller deletes.
   *
   * @throws CorruptArtifactException when the metadata is unreadable or built for other features
   */
  public static ServingModel loadDownloaded(
      ModelVersion version, ModelArtifacts artifacts, Path dir, Path files, Loader loader) {
    Path metadataFile = dir.resolve(ModelArtifacts.METADATA);
    ModelMetadata metadata;
    try {
      metadata =
          Json.read(
              java.nio.file.Files.isRegularFile(metadataFile)
                  ? java.nio.file.Files.readAllBytes(metadataFile)
                  // versions of the earlier checksum scheme: the model files were verified, the
                  // metadata is not covered
                  : artifacts.readJson(version, ModelArtifacts.METADATA),
              ModelMetadata.class);
    } catch (java.io.IOException | RuntimeException e) {
      if (e instanceof CorruptArtifactException c) {
        throw c;
      }
      throw new CorruptArtifactException(
          version.version(), "unreadable " + ModelArtifacts.METADATA + ": " + e.getMessage());
    }
    if (metadata.featureSchemaVersion() != FeatureCalculator.SCHEMA.version()
        || !ModelInputs.names().equals(metadata.inputNames())) {
      throw new CorruptArtifactException(
          version.version(),
          "built for feature schema "
              + metadata.featureSchemaVersion()
              + " and inputs "
              + metadata.inputNames()
              + ", this code serves schema "
              + FeatureCalculator.SCHEMA.version());
    }
    return new ServingModel(version, metadata, loader.load(files, metadata));
  }

  /** Wraps an already loaded forecaster (the training run's own evaluation of production). */
  public static ServingModel of(
      ModelVersion version, ModelMetadata metadata, Forecaster forecaster) {
    return new ServingModel(version, metadata, forecaster);
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

  public Forecaster forecaster() {
    return forecaster;
  }

  /** The artifact kind served. */
  public String kind() {
    return forecaster.kind();
  }

  /** How many networks the served model averages (0 when no network serves). */
  public int ensembleSize() {
    return forecaster.networkMembers();
  }

  public int horizonDays() {
    return metadata.horizonDays();
  }

  /** Scores feature vectors in feature-schema order, in batches. */
  public Predictions predict(double[][] features) {
    ensureOpen();
    return forecaster.predict(features);
  }

  public Prediction predict(double[] features) {
    ensureOpen();
    return forecaster.predict(features);
  }

  /**
   * A closed model never scores, whether or not its kind holds native memory (a lease bug shows at
   * once).
   */
  private void ensureOpen() {
    if (closed) {
      throw new ModelException("model " + version.version() + " is closed");
    }
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      forecaster.close();
    }
  }
}
