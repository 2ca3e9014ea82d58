package com.ltvforecast.prediction;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.ltvforecast.json.Json;
import com.ltvforecast.registry.ModelArtifacts;
import com.ltvforecast.registry.ModelMetadata;
import com.ltvforecast.registry.ModelVersion;
import com.ltvforecast.storage.ObjectStore;
import com.ltvforecast.testing.InMemoryModelRegistry;
import com.ltvforecast.testing.InMemoryObjectStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * A real model, trained by the real training service on the CDNOW sample (a blend of BG/NBD +
 * Gamma-Gamma and a 5-member network) and checked in as {@code src/test/resources/fixture-model/}
 * (written by train's {@code PredictFixtureWriter}): registered here with its checksum, so these
 * tests need neither the training module nor libtorch.
 */
final class FixtureModel {

  static final String NAME = "ltv";
  private static FixtureModel instance;

  final InMemoryObjectStore store;
  final ModelVersion version;

  private FixtureModel(InMemoryObjectStore store, ModelVersion version) {
    this.store = store;
    this.version = version;
  }

  static synchronized FixtureModel get() {
    if (instance == null) {
      instance = load();
    }
    return instance;
  }

  /** The fixture's directory: {@code metadata.json} and {@code model/}. */
  static Path directory() {
    try {
      return Path.of(FixtureModel.class.getResource("/fixture-model/metadata.json").toURI())
          .getParent();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static FixtureModel load() {
    Path dir = directory();
    InMemoryObjectStore store = new InMemoryObjectStore();
    try (Stream<Path> files = Files.walk(dir)) {
      ModelMetadata metadata =
          Json.read(Files.readAllBytes(dir.resolve(ModelArtifacts.METADATA)), ModelMetadata.class);
      String prefix = ModelArtifacts.prefix(NAME, metadata.version());
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        store.write(
            prefix + dir.relativize(file).toString().replace('\\', '/'),
            Files.readAllBytes(file),
            "application/octet-stream");
      }
      return new FixtureModel(
          store,
          new ModelVersion(
              NAME,
              metadata.version(),
              ModelVersion.Status.CANDIDATE,
              prefix,
              ModelArtifacts.checksum(dir),
              metadata.trainedAt(),
              java.util.Map.of(),
              java.util.List.of()));
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
    return new ModelVersion(
        NAME,
        newVersion,
        ModelVersion.Status.CANDIDATE,
        prefix,
        ModelArtifacts.checksum(staged),
        version.createdAt(),
        version.metrics(),
        java.util.List.of());
  }

  /** Copies this model's own artifacts into another store (for example S3 on a local endpoint). */
  void copyTo(ObjectStore target) {
    for (String key : store.list(version.artifactPrefix())) {
      target.write(key, store.get(key), "application/octet-stream");
    }
  }
}
