package com.ltvforecast.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The deployable zip (the shaded jar SAM ships) carries and loads the zstd native code it needs.
 */
class IngestZipIT {

  private static Path zip() throws Exception {
    try (Stream<Path> files = Files.list(Path.of("target"))) {
      List<Path> zips =
          files.filter(p -> p.getFileName().toString().endsWith("-lambda.jar")).toList();
      assertEquals(1, zips.size(), zips.toString());
      return zips.get(0);
    }
  }

  @Test
  void zip_shouldCarryLinuxZstdNativesOnly() throws Exception {
    try (ZipFile zip = new ZipFile(zip().toFile())) {
      List<String> natives =
          zip.stream()
              .map(e -> e.getName())
              .filter(n -> n.endsWith(".so") || n.endsWith(".dll") || n.endsWith(".dylib"))
              .toList();
      assertTrue(
          natives.stream().anyMatch(n -> n.startsWith("linux/amd64/libzstd-jni")),
          natives.toString());
      assertTrue(
          natives.stream().anyMatch(n -> n.startsWith("linux/aarch64/libzstd-jni")),
          natives.toString());
      assertEquals(2, natives.size(), natives.toString());
    }
  }

  @Test
  void zip_shouldWriteAndReadCuratedFiles_inAFreshJvm() throws Exception {
    String probeClasses =
        new File(IngestZipProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI())
            .getPath();
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                zip().toAbsolutePath() + File.pathSeparator + probeClasses,
                IngestZipProbe.class.getName())
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "probe finished");
    assertEquals(0, process.exitValue(), output);
    assertTrue(output.contains("PROBE_OK 4 files"), output);
  }
}
