package com.ltvforecast.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ltvforecast.testing.PackagedTreeProbe;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tree Maven assembles for the container image ({@code target/lambda/}, what the Dockerfile
 * copies) really runs: a fresh JVM on {@code lib/*} only, no native jar on the class path, libtorch
 * from the pre-extracted folder through {@code PYTORCH_LIBRARY_PATH}.
 */
class PackagedTreeIT {

  private static final Path TREE = Path.of("target/lambda");

  @TempDir Path cache;

  @Test
  void packagedTree_shouldScoreWithPreExtractedLibtorch_whenNoNativeJarOnClassPath() throws Exception {
    // given the packaged tree
    Path lib = TREE.resolve("lib");
    Path libtorch = TREE.resolve("libtorch/pytorch/cpu/linux-x86_64").toAbsolutePath();
    List<String> jars;
    try (Stream<Path> files = Files.list(lib)) {
      jars = files.map(p -> p.getFileName().toString()).toList();
    }
    assertTrue(jars.stream().anyMatch(j -> j.startsWith("train-")), jars.toString());
    assertFalse(jars.stream().anyMatch(j -> j.startsWith("pytorch-native")), "native jar must not ship: " + jars);
    assertTrue(Files.isRegularFile(libtorch.resolve("libtorch_cpu.so")));
    String probeJar = new File(PackagedTreeProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI())
        .getPath();
    // when a fresh JVM runs the probe on that tree
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", lib.toAbsolutePath() + File.separator + "*" + File.pathSeparator + probeJar,
        PackagedTreeProbe.class.getName()).redirectErrorStream(true);
    builder.environment().put("PYTORCH_LIBRARY_PATH", libtorch.toString());
    builder.environment().put("PYTORCH_VERSION", "2.7.1");
    builder.environment().put("PYTORCH_FLAVOR", "cpu");
    builder.environment().put("DJL_OFFLINE", "true");
    builder.environment().put("DJL_CACHE_DIR", cache.toString());
    builder.environment().put("ENGINE_CACHE_DIR", cache.toString());
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(120, TimeUnit.SECONDS));
    // then it scores, and libtorch was not extracted into the cache
    assertEquals(0, process.exitValue(), output);
    assertTrue(output.contains("PROBE_OK"), output);
    assertFalse(containsLibtorch(cache), "libtorch was extracted into " + cache + " instead of loaded in place");
  }

  private static boolean containsLibtorch(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.anyMatch(p -> p.getFileName().toString().equals("libtorch_cpu.so"));
    }
  }
}
