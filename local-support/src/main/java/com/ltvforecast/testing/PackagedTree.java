package com.ltvforecast.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Checks the tree Maven assembles for a container-image function ({@code target/lambda/}, what its
 * Dockerfile copies): a fresh JVM on {@code lib/*} only, with no native jar on the class path,
 * scores with libtorch loaded in place from {@code PYTORCH_LIBRARY_PATH}, exactly as the image sets
 * it.
 */
public final class PackagedTree {

  private PackagedTree() {}

  /**
   * @param tree the module's {@code target/lambda}
   * @param moduleJarPrefix the module's own jar name prefix, which must be in {@code lib/}
   * @param cache an empty folder for DJL's cache, checked afterwards for an extracted libtorch
   */
  public static void assertScoresWithPreExtractedLibtorch(
      Path tree, String moduleJarPrefix, Path cache) throws Exception {
    Path lib = tree.resolve("lib");
    Path libtorch = tree.resolve("libtorch/pytorch/cpu/linux-x86_64").toAbsolutePath();
    List<String> jars;
    try (Stream<Path> files = Files.list(lib)) {
      jars = files.map(p -> p.getFileName().toString()).toList();
    }
    assertTrue(jars.stream().anyMatch(j -> j.startsWith(moduleJarPrefix)), jars.toString());
    assertNoLocalSupport(lib);
    assertFalse(
        jars.stream().anyMatch(j -> j.startsWith("pytorch-native")),
        "native jar must not ship: " + jars);
    assertTrue(
        Files.isRegularFile(libtorch.resolve("libtorch_cpu.so")),
        "libtorch unpacked in " + libtorch);
    String probeJar =
        new File(
                PackagedTreeProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI())
            .getPath();
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                lib.toAbsolutePath() + File.separator + "*" + File.pathSeparator + probeJar,
                PackagedTreeProbe.class.getName())
            .redirectErrorStream(true);
    builder.environment().put("PYTORCH_LIBRARY_PATH", libtorch.toString());
    builder
        .environment()
        .put("PYTORCH_VERSION", com.ltvforecast.model.EngineVersions.recorded().get("pytorch"));
    builder.environment().put("PYTORCH_FLAVOR", "cpu");
    builder.environment().put("DJL_OFFLINE", "true");
    builder.environment().put("DJL_CACHE_DIR", cache.toString());
    builder.environment().put("ENGINE_CACHE_DIR", cache.toString());
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(120, TimeUnit.SECONDS), "probe finished");
    assertEquals(0, process.exitValue(), output);
    assertTrue(output.contains("PROBE_OK"), output);
    assertFalse(
        containsLibtorch(cache),
        "libtorch was extracted into " + cache + " instead of loaded in place");
  }

  /**
   * Asserts that a Lambda artifact's {@code lib/} holds nothing of local-support: not its jar, no
   * class of its packages in any jar (the local endpoints, the template's tables, these fixtures),
   * and no Testcontainers.
   */
  public static void assertNoLocalSupport(Path lib) throws IOException {
    List<Path> jars;
    try (Stream<Path> files = Files.list(lib)) {
      jars = files.filter(p -> p.getFileName().toString().endsWith(".jar")).toList();
    }
    assertFalse(jars.isEmpty(), "no jars in " + lib);
    for (Path jar : jars) {
      String name = jar.getFileName().toString();
      assertFalse(
          name.startsWith("ltv-local-support") || name.startsWith("testcontainers"),
          name + " must not ship in " + lib);
      try (JarFile file = new JarFile(jar.toFile())) {
        List<String> local =
            file.stream()
                .map(JarEntry::getName)
                .filter(e -> LOCAL_SUPPORT_FOLDERS.stream().anyMatch(e::startsWith))
                .toList();
        assertTrue(local.isEmpty(), name + " holds local support: " + local);
      }
    }
  }

  private static final List<String> LOCAL_SUPPORT_FOLDERS =
      List.of("com/ltvforecast/endpoint/", "com/ltvforecast/testing/", "org/testcontainers/");

  private static boolean containsLibtorch(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.anyMatch(p -> p.getFileName().toString().equals("libtorch_cpu.so"));
    }
  }
}
