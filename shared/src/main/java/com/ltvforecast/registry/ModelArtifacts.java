package com.ltvforecast.registry;

import com.ltvforecast.curated.CuratedLayout;
import com.ltvforecast.json.Json;
import com.ltvforecast.storage.LocalFiles;
import com.ltvforecast.storage.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Model artifacts in {@code models/<name>/<version>/}: {@code model/} (the forecaster's files),
 * {@code metadata.json}, {@code evaluation.json} and {@code evaluation.html}.
 *
 * <p>The checksum ({@value #CHECKSUM_SCHEME} followed by a SHA-256) covers every file serving
 * reads: each file under {@code model/} and {@code metadata.json}, by path relative to the
 * version's prefix and content. A loader downloads exactly those files and refuses the version when
 * they do not match, so a missing, extra, altered or swapped file (metadata included) is never
 * served. The evaluation report is for people and is not covered. Versions registered before this
 * scheme carry a bare SHA-256 of the {@code model/} files only; they are still verified on those
 * files.
 */
public final class ModelArtifacts {

  public static final String METADATA = "metadata.json";
  public static final String EVALUATION = "evaluation.json";
  public static final String EVALUATION_HTML = "evaluation.html";
  public static final String MODEL_DIR = "model/";

  /** Prefix of checksums that cover {@code model/} and {@code metadata.json}. */
  public static final String CHECKSUM_SCHEME = "v2:";

  private final ObjectStore store;

  public ModelArtifacts(ObjectStore store) {
    this.store = store;
  }

  public static String prefix(String modelName, String version) {
    return CuratedLayout.MODELS_PREFIX + modelName + "/" + version + "/";
  }

  /**
   * Uploads a staged version directory (every file in it: {@code model/...}, {@code metadata.json},
   * the evaluation report) and returns the checksum of the files serving reads. Call it before the
   * version is registered, so that the registry never names a version whose files are not all
   * there.
   *
   * @throws IllegalArgumentException when the directory has no model files or no metadata
   */
  public String publish(String prefix, Path versionDir) {
    if (!Files.isRegularFile(versionDir.resolve(METADATA))
        || !Files.isDirectory(versionDir.resolve(MODEL_DIR))) {
      throw new IllegalArgumentException(
          "a version directory needs " + METADATA + " and " + MODEL_DIR);
    }
    for (Path file : files(versionDir)) {
      String name = relativeName(versionDir, file);
      store.upload(prefix + name, file, contentType(name));
    }
    return checksum(versionDir);
  }

  private static String contentType(String name) {
    if (name.endsWith(".json")) {
      return "application/json";
    }
    return name.endsWith(".html") ? "text/html" : "application/octet-stream";
  }

  public void uploadJson(String prefix, String name, byte[] json) {
    store.write(prefix + name, json, "application/json");
  }

  public void uploadText(String prefix, String name, String text, String contentType) {
    store.write(prefix + name, text.getBytes(StandardCharsets.UTF_8), contentType);
  }

  /**
   * Downloads the files of a version that serving reads into {@code target} ({@code target/model/}
   * and {@code target/metadata.json}) and verifies them against the registry's checksum.
   *
   * @return the directory of the model files, {@code target/model}
   * @throws CorruptArtifactException when files are missing or do not match the registered checksum
   */
  public Path download(ModelVersion version, Path target) {
    if (version.checksum() == null || version.checksum().isEmpty()) {
      throw new CorruptArtifactException(version.version(), "no model artifacts were registered");
    }
    boolean covered = version.checksum().startsWith(CHECKSUM_SCHEME);
    Path modelDir = target.resolve(MODEL_DIR);
    try {
      Files.createDirectories(modelDir);
      String modelPrefix = version.artifactPrefix() + MODEL_DIR;
      List<String> keys = store.list(modelPrefix);
      if (keys.isEmpty()) {
        throw new CorruptArtifactException(
            version.version(), "no model files under " + modelPrefix);
      }
      List<Path> files = new ArrayList<>();
      for (String key : keys) {
        Path file = modelDir.resolve(key.substring(modelPrefix.length())).normalize();
        if (!file.startsWith(modelDir)) {
          throw new CorruptArtifactException(
              version.version(), "artifact key escapes its folder: " + key);
        }
        Files.createDirectories(file.getParent());
        files.add(file);
      }
      downloadAll(keys, files);
      if (covered) {
        byte[] metadata =
            store
                .read(version.artifactPrefix() + METADATA)
                .orElseThrow(
                    () -> new CorruptArtifactException(version.version(), "missing " + METADATA));
        Files.write(target.resolve(METADATA), metadata);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot download model " + version.version(), e);
    }
    String actual = covered ? checksum(target) : legacyChecksum(modelDir);
    if (!actual.equals(version.checksum())) {
      throw new CorruptArtifactException(
          version.version(),
          "checksum " + actual + " does not match the registry's " + version.checksum());
    }
    return modelDir;
  }

  /** Files downloaded at once: a model of 15 members is 35 objects, one round trip each. */
  static final int PARALLEL_DOWNLOADS = 8;

  /**
   * Downloads {@code keys[i]} to {@code files[i]}, up to {@value #PARALLEL_DOWNLOADS} at a time.
   */
  private void downloadAll(List<String> keys, List<Path> files) throws IOException {
    int threads = Math.min(PARALLEL_DOWNLOADS, keys.size());
    ExecutorService pool =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "model-download");
              t.setDaemon(true);
              return t;
            });
    try {
      List<Future<Void>> downloads = new ArrayList<>();
      for (int i = 0; i < keys.size(); i++) {
        String key = keys.get(i);
        Path file = files.get(i);
        downloads.add(
            pool.submit(
                () -> {
                  try (InputStream in = store.open(key, null)) {
                    Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                  }
                  return null;
                }));
      }
      for (Future<Void> download : downloads) {
        try {
          download.get();
        } catch (ExecutionException e) {
          if (e.getCause() instanceof IOException io) {
            throw io;
          }
          if (e.getCause() instanceof RuntimeException runtime) {
            throw runtime;
          }
          throw new IllegalStateException(e.getCause());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while downloading", e);
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * The metadata of a version, read from files verified against the registry's checksum (for
   * versions of the earlier scheme, the model files are verified and the metadata is read as it
   * is).
   *
   * @throws CorruptArtifactException when the artifacts are missing or altered
   */
  public ModelMetadata verifiedMetadata(ModelVersion version, Path workRoot) {
    Path dir = LocalFiles.createWorkDir(workRoot, "verify-");
    try {
      return verifiedMetadataOf(
          version,
          () -> {
            download(version, dir);
            return dir;
          });
    } finally {
      LocalFiles.deleteRecursively(dir);
    }
  }

  /**
   * {@link #verifiedMetadata(ModelVersion, Path)} from the folder {@code downloaded} supplies: a
   * {@link #download} target of {@code version}, which a caller may reuse for several reads. A
   * failure to supply it is reported as the metadata's.
   *
   * @throws CorruptArtifactException when the artifacts are missing or altered
   */
  public ModelMetadata verifiedMetadataOf(ModelVersion version, Supplier<Path> downloaded) {
    try {
      Path dir = downloaded.get();
      byte[] bytes =
          Files.isRegularFile(dir.resolve(METADATA))
              ? Files.readAllBytes(dir.resolve(METADATA))
              : readJson(version, METADATA);
      return Json.read(bytes, ModelMetadata.class);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read metadata of " + version.version(), e);
    } catch (RuntimeException e) {
      if (e instanceof CorruptArtifactException) {
        throw e;
      }
      throw new CorruptArtifactException(
          version.version(), "unreadable " + METADATA + ": " + e.getMessage());
    }
  }

  /** A file of a version as stored, unverified (the evaluation report, or metadata for display). */
  public byte[] readJson(ModelVersion version, String name) {
    return store
        .read(version.artifactPrefix() + name)
        .orElseThrow(() -> new CorruptArtifactException(version.version(), "missing " + name));
  }

  /**
   * The checksum of a version directory laid out as published: SHA-256 over each served file's path
   * (relative to the directory: {@code metadata.json}, {@code model/...}) and bytes, in path order,
   * with the {@value #CHECKSUM_SCHEME} prefix. Other files (the evaluation report) are not covered.
   */
  public static String checksum(Path versionDir) {
    List<Path> served = new ArrayList<>();
    for (Path file : files(versionDir)) {
      String name = relativeName(versionDir, file);
      if (name.equals(METADATA) || name.startsWith(MODEL_DIR)) {
        served.add(file);
      }
    }
    return CHECKSUM_SCHEME + digest(versionDir, served);
  }

  /** The earlier scheme: SHA-256 over the model directory's files only. */
  static String legacyChecksum(Path modelDir) {
    return digest(modelDir, files(modelDir));
  }

  private static String digest(Path dir, List<Path> files) {
    try {
      MessageDigest sha = LocalFiles.sha256();
      for (Path file : files) {
        sha.update(relativeName(dir, file).getBytes(StandardCharsets.UTF_8));
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
      return stream
          .filter(Files::isRegularFile)
          .sorted((a, b) -> relativeName(dir, a).compareTo(relativeName(dir, b)))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }
}
