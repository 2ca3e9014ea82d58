package com.ltvforecast.training;

import com.ltvforecast.registry.ModelArtifacts;
import com.ltvforecast.registry.ModelMetadata;
import com.ltvforecast.registry.ModelVersion;
import com.ltvforecast.serving.ServingModel;
import com.ltvforecast.storage.LocalFiles;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The registered versions one training run or rollback reads (production, a rollback target): each
 * downloaded and verified against the registry's checksum once, however often the run reads its
 * metadata or scores with it, and deleted when the run ends. A download that fails is not kept, so
 * the next read tries again, as a fresh read would.
 */
final class RunArtifacts implements AutoCloseable {

  private record Downloaded(Path dir, Path files) {}

  private final ModelArtifacts artifacts;
  private final Path workRoot;
  private final Map<String, Downloaded> downloaded = new HashMap<>();

  RunArtifacts(ModelArtifacts artifacts, Path workRoot) {
    this.artifacts = artifacts;
    this.workRoot = workRoot;
  }

  /** As {@link ModelArtifacts#verifiedMetadata}, from this run's download. */
  ModelMetadata verifiedMetadata(ModelVersion version) {
    return artifacts.verifiedMetadataOf(version, () -> download(version).dir());
  }

  /** As {@link ServingModel#load}, from this run's download. */
  ServingModel load(ModelVersion version, ServingModel.Loader loader) {
    Downloaded files = download(version);
    return ServingModel.loadDownloaded(version, artifacts, files.dir(), files.files(), loader);
  }

  private Downloaded download(ModelVersion version) {
    String key = version.version() + "@" + version.checksum();
    Downloaded files = downloaded.get(key);
    if (files == null) {
      Path dir = LocalFiles.createWorkDir(workRoot, "run-model-");
      try {
        files = new Downloaded(dir, artifacts.download(version, dir));
      } catch (RuntimeException e) {
        LocalFiles.deleteRecursively(dir);
        throw e;
      }
      downloaded.put(key, files);
    }
    return files;
  }

  @Override
  public void close() {
    downloaded.values().forEach(files -> LocalFiles.deleteRecursively(files.dir()));
    downloaded.clear();
  }
}
