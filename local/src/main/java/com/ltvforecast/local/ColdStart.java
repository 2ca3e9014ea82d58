package com.ltvforecast.local;

import com.ltvforecast.prediction.PackageCheck;
import com.ltvforecast.storage.LocalFiles;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Cold start of a deployment package: milliseconds from starting a fresh JVM on the package's
 * {@code lib/*} alone to its {@value PredictBenchmark#COLD_START_PREDICTIONS}th prediction served
 * ({@link PackageCheck}: the handler built as Lambda builds it, the production model loaded from
 * the local endpoint, then on-demand predictions), measured by this process around the child,
 * median of {@value PredictBenchmark#COLD_START_RUNS} runs. The JVM runs with {@code
 * -XX:TieredStopAtLevel=1}, as Lambda's java21 runtime starts it.
 */
final class ColdStart {

  private ColdStart() {}

  /**
   * The zip, unpacked as Lambda unpacks it; then again with an AppCDS archive dumped by one untimed
   * run. The child gets {@code stack} (the functions' variables) in its environment, as Lambda sets
   * it, where this process's environment does not already.
   */
  static Map<String, Object> ofZip(Path zip, Map<String, String> stack) {
    Path dir =
        LocalFiles.createWorkDir(Path.of(System.getProperty("java.io.tmpdir")), "predict-zip-");
    try {
      unzip(zip, dir);
      String classPath = dir.resolve("lib") + File.separator + "*";
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("zip_bytes", Files.size(zip));
      result.put("zip", runs(List.of(), classPath, Map.of(), stack));
      Path archive = dir.resolve("predict.jsa");
      run(List.of("-XX:ArchiveClassesAtExit=" + archive), classPath, Map.of(), stack);
      result.put(
          "zip_appcds",
          runs(List.of("-XX:SharedArchiveFile=" + archive), classPath, Map.of(), stack));
      return result;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot unpack " + zip, e);
    } finally {
      LocalFiles.deleteRecursively(dir);
    }
  }

  /**
   * An earlier build's container-image tree ({@code target/lambda/}: {@code lib/} and libtorch
   * unpacked), as its Dockerfile ran it (libtorch pre-extracted); the check comes from a jar of its
   * one class. The child's environment as in {@link #ofZip}.
   */
  static Map<String, Object> ofImageTree(Path tree, Map<String, String> stack) {
    Path dir =
        LocalFiles.createWorkDir(Path.of(System.getProperty("java.io.tmpdir")), "predict-tree-");
    try {
      Path probe = dir.resolve("package-check.jar");
      String entry = PackageCheck.class.getName().replace('.', '/') + ".class";
      try (InputStream in = PackageCheck.class.getClassLoader().getResourceAsStream(entry);
          JarOutputStream out = new JarOutputStream(Files.newOutputStream(probe))) {
        out.putNextEntry(new JarEntry(entry));
        in.transferTo(out);
      }
      Map<String, String> env =
          Map.of(
              "PYTORCH_LIBRARY_PATH",
              tree.resolve("libtorch/pytorch/cpu/linux-x86_64").toAbsolutePath().toString(),
              "PYTORCH_VERSION",
              "2.7.1",
              "PYTORCH_FLAVOR",
              "cpu",
              "DJL_CACHE_DIR",
              dir.resolve("djl").toString(),
              "ENGINE_CACHE_DIR",
              dir.resolve("djl").toString());
      return runs(
          List.of(),
          tree.resolve("lib").toAbsolutePath() + File.separator + "*" + File.pathSeparator + probe,
          env,
          stack);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      LocalFiles.deleteRecursively(dir);
    }
  }

  private static Map<String, Object> runs(
      List<String> jvmOptions,
      String classPath,
      Map<String, String> env,
      Map<String, String> stack) {
    List<Long> ms = new ArrayList<>();
    String line = null;
    for (int i = 0; i < PredictBenchmark.COLD_START_RUNS; i++) {
      Run run = run(jvmOptions, classPath, env, stack);
      ms.add(run.ms);
      line = run.line;
    }
    List<Long> sorted = ms.stream().sorted().toList();
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("median_ms", sorted.get(sorted.size() / 2));
    result.put("runs_ms", ms);
    result.put("last_check", line.substring(PackageCheck.MARKER.length()));
    return result;
  }

  private record Run(long ms, String line) {}

  private static Run run(
      List<String> jvmOptions,
      String classPath,
      Map<String, String> env,
      Map<String, String> stack) {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+TieredCompilation",
                "-XX:TieredStopAtLevel=1"));
    command.addAll(jvmOptions);
    // The SDK's own settings, which LocalEndpoint.applyToSdk gave this JVM.
    for (String name :
        List.of("aws.endpointUrl", "aws.region", "aws.accessKeyId", "aws.secretAccessKey")) {
      if (System.getProperty(name) != null) {
        command.add("-D" + name + "=" + System.getProperty(name));
      }
    }
    command.addAll(
        List.of(
            "-cp",
            classPath,
            PackageCheck.class.getName(),
            Integer.toString(PredictBenchmark.COLD_START_PREDICTIONS)));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("DJL_OFFLINE", "true");
    stack.forEach(builder.environment()::putIfAbsent);
    builder.environment().putAll(env);
    try {
      long start = System.nanoTime();
      Process process = builder.start();
      List<String> output = new ArrayList<>();
      try (BufferedReader out =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = out.readLine()) != null; ) {
          if (line.startsWith(PackageCheck.MARKER)) {
            long ms = (System.nanoTime() - start) / 1_000_000;
            if (!line.startsWith(PackageCheck.MARKER + "ok")) {
              throw new IllegalStateException("cold-start check failed: " + line);
            }
            out.transferTo(java.io.Writer.nullWriter());
            process.waitFor();
            return new Run(ms, line);
          }
          if (output.size() < 40) {
            output.add(line);
          }
        }
      }
      throw new IllegalStateException(
          "cold-start check exited with "
              + process.waitFor()
              + " before its summary: "
              + String.join("\n", output));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static void unzip(Path zip, Path target) throws IOException {
    try (InputStream in = Files.newInputStream(zip);
        ZipInputStream entries = new ZipInputStream(in)) {
      for (ZipEntry entry; (entry = entries.getNextEntry()) != null; ) {
        Path file = target.resolve(entry.getName()).normalize();
        if (!file.startsWith(target)) {
          throw new IOException("entry outside the package: " + entry.getName());
        }
        if (!entry.isDirectory()) {
          Files.createDirectories(file.getParent());
          try (OutputStream out = Files.newOutputStream(file)) {
            entries.transferTo(out);
          }
        }
      }
    }
  }
}
