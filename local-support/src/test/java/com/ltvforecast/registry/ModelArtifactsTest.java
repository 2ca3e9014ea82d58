package com.ltvforecast.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ltvforecast.testing.InMemoryObjectStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checksum covers every file serving reads, metadata.json included; loaders refuse anything
 * else.
 */
class ModelArtifactsTest {

  private static final String PREFIX = ModelArtifacts.prefix("ltv", "v1");

  @TempDir Path work;

  private final InMemoryObjectStore store = new InMemoryObjectStore();
  private final ModelArtifacts artifacts = new ModelArtifacts(store);

  private ModelVersion published() throws Exception {
    Path dir = work.resolve("staged");
    Files.createDirectories(dir.resolve("model/sub"));
    Files.writeString(dir.resolve("model/forecaster.json"), "{\"kind\":\"btyd\"}");
    Files.writeString(dir.resolve("model/sub/parameters.bin"), "weights");
    Files.writeString(dir.resolve(ModelArtifacts.METADATA), "{\"horizonDays\":273}");
    Files.writeString(dir.resolve(ModelArtifacts.EVALUATION), "{}");
    Files.writeString(dir.resolve(ModelArtifacts.EVALUATION_HTML), "<html></html>");
    String checksum = artifacts.publish(PREFIX, dir);
    return new ModelVersion(
        "ltv",
        "v1",
        ModelVersion.Status.CANDIDATE,
        PREFIX,
        checksum,
        Instant.EPOCH,
        Map.of(),
        List.of());
  }

  @Test
  void publish_shouldUploadEveryFile_andDownloadShouldVerifyModelAndMetadata() throws Exception {
    ModelVersion version = published();
    assertTrue(version.checksum().startsWith(ModelArtifacts.CHECKSUM_SCHEME), version.checksum());
    assertEquals(
        List.of(
            PREFIX + "evaluation.html",
            PREFIX + "evaluation.json",
            PREFIX + "metadata.json",
            PREFIX + "model/forecaster.json",
            PREFIX + "model/sub/parameters.bin"),
        store.keys());
    Path modelDir = artifacts.download(version, work.resolve("dl"));
    assertEquals("weights", Files.readString(modelDir.resolve("sub/parameters.bin")));
    assertEquals(
        "{\"horizonDays\":273}",
        Files.readString(work.resolve("dl").resolve(ModelArtifacts.METADATA)));
  }

  @Test
  void download_shouldRefuse_whenMetadataWasAltered() throws Exception {
    ModelVersion version = published();
    store.put(
        PREFIX + ModelArtifacts.METADATA, "{\"horizonDays\":30}".getBytes(StandardCharsets.UTF_8));
    CorruptArtifactException e =
        assertThrows(
            CorruptArtifactException.class, () -> artifacts.download(version, work.resolve("dl")));
    assertTrue(e.getMessage().contains("does not match"), e.getMessage());
  }

  @Test
  void download_shouldRefuse_whenMetadataIsMissingOrAModelFileWasAddedOrAltered() throws Exception {
    ModelVersion version = published();
    store.delete(PREFIX + ModelArtifacts.METADATA);
    assertThrows(
        CorruptArtifactException.class, () -> artifacts.download(version, work.resolve("a")));

    ModelVersion again =
        new ModelVersion(
            "ltv",
            "v1",
            ModelVersion.Status.CANDIDATE,
            PREFIX,
            version.checksum(),
            Instant.EPOCH,
            Map.of(),
            List.of());
    store.put(
        PREFIX + ModelArtifacts.METADATA, "{\"horizonDays\":273}".getBytes(StandardCharsets.UTF_8));
    artifacts.download(again, work.resolve("b")); // restored: verifies again
    store.put(PREFIX + "model/extra.bin", new byte[] {1});
    assertThrows(
        CorruptArtifactException.class, () -> artifacts.download(again, work.resolve("c")));
    store.delete(PREFIX + "model/extra.bin");
    store.put(PREFIX + "model/sub/parameters.bin", "weightz".getBytes(StandardCharsets.UTF_8));
    assertThrows(
        CorruptArtifactException.class, () -> artifacts.download(again, work.resolve("d")));
  }

  @Test
  void download_shouldRefuse_whenNoArtifactsWereRegistered() {
    ModelVersion modelless =
        new ModelVersion(
            "ltv",
            "v0",
            ModelVersion.Status.REJECTED,
            PREFIX,
            "",
            Instant.EPOCH,
            Map.of(),
            List.of());
    assertThrows(
        CorruptArtifactException.class, () -> artifacts.download(modelless, work.resolve("dl")));
  }

  @Test
  void download_shouldStillVerifyModelFiles_ofVersionsRegisteredWithTheEarlierChecksum()
      throws Exception {
    ModelVersion version = published();
    Path modelDir = artifacts.download(version, work.resolve("dl"));
    ModelVersion legacy =
        new ModelVersion(
            "ltv",
            "v1",
            ModelVersion.Status.ARCHIVED,
            PREFIX,
            ModelArtifacts.legacyChecksum(modelDir),
            Instant.EPOCH,
            Map.of(),
            List.of());
    artifacts.download(legacy, work.resolve("legacy"));
    store.put(PREFIX + "model/sub/parameters.bin", "weightz".getBytes(StandardCharsets.UTF_8));
    assertThrows(
        CorruptArtifactException.class, () -> artifacts.download(legacy, work.resolve("legacy2")));
  }
}
