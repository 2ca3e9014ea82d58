package com.ltvforecast.registry;

import com.ltvforecast.curated.CuratedLayout;
import com.ltvforecast.storage.LocalFiles;
import com.ltvforecast.storage.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * Model artifacts in {@code models/<name>/<version>/}. The checksum covers every artifact file, by
 * name and content, so a loader can refuse a corrupt or tampered model before using it.
 */
public final class ModelArtifacts {

  public static final String METADATA = "metadata.json";
  public static final String EVALUATION = "evaluation.json";
  public static final String EVALUATION_HTML = "evaluation.html";
  private static final String MODEL_DIR = "model/";

  private final ObjectStore store;

  public ModelArtifacts(ObjectStore store) {
    this.store = store;
  }

  public static String prefix(String modelName, String version) {
    return CuratedLayout.MODELS_PREFIX + modelName + "/" + version + "/";
  }

  /** Uploads the files of a saved model directory and returns their checksum. */
  public String uploadModel(String prefix, Path modelDir) {
    for (Path file : files(modelDir)) {
      store.upload(prefix + MODEL_DIR + relativeName(modelDir, file), file, "application/octet-stream");
    }
    return checksum(modelDir);
  }

  public void uploadJson(String prefix, String name, byte[] json) {
    store.write(prefix + name, json, "application/json");
  }

  public void uploadText(String prefix, String name, String text, String contentType) {
    store.write(prefix + name, text.getBytes(java.nio.charset.StandardCharsets.UTF_8), contentType);
  }

  /**
   * Downloads a version's model files into {@code target} and verifies them against the registry.
   *
   * @throws CorruptArtifactException when the files do not match the registered checksum
   */
  public Path download(ModelVersion version, Path target) {
    try {
      Files.createDirectories(target);
      String modelPrefix = version.artifactPrefix() + MODEL_DIR;
      List<String> keys = store.list(modelPrefix);
      if (keys.isEmpty()) {
        throw new CorruptArtifactException(version.version(), "no model files under " + modelPrefix);
      }
      for (String key : keys) {
        Path file = target.resolve(key.substring(modelPrefix.length())).normalize();
        if (!file.startsWith(target)) {
          throw new CorruptArtifactException(version.version(), "artifact key escapes its folder: " + key);
        }
        Files.createDirectories(file.getParent());
        try (InputStream in = store.open(key, null)) {
          Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot download model " + version.version(), e);
    }
    String actual = checksum(target);
    if (!actual.equals(version.checksum())) {
      throw new CorruptArtifactException(version.version(),
          "checksum " + actual + " does not match the registry's " + version.checksum());
    }
    return target;
  }

  public byte[] readJson(ModelVersion version, String name) {
    return store.read(version.artifactPrefix() + name)
        .orElseThrow(() -> new CorruptArtifactException(version.version(), "missing " + name));
  }

  /** SHA-256 over each file's relative path and bytes, in path order. */
  public static String checksum(Path dir) {
    try {
      MessageDigest sha = LocalFiles.sha256();
      for (Path file : files(dir)) {
        sha.update(relativeName(dir, file).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        sha.update((byte) 0);
        sha.update(Files.readAllBytes(file));
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + dir, e);
    }
  }

  private static String relativeName(Path dir, Path file) {
    return dir.relativize(file).toString().replace('\\', '/');
  }

  private static List<Path> files(Path dir) {
    try (Stream<Path> stream = Files.walk(dir)) {
      return stream.filter(Files::isRegularFile).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }
}
