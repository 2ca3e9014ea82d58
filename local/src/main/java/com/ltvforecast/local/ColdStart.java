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
 * median of {@value PredictBenchmark#COLD_START_RUNS} runs. The zip's JVM runs with exactly the
 * {@code JAVA_TOOL_OPTIONS} that {@code template.yaml} declares for PredictFunction (read from the
 * template in the working directory, the repository root), as Lambda starts it; an image tree with
 * {@code -XX:TieredStopAtLevel=1}, as before.
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
      Map<String, String> lambda = Map.of(JAVA_TOOL_OPTIONS, templateJavaToolOptions());
      result.put("java_tool_options", lambda.get(JAVA_TOOL_OPTIONS));
      result.put("zip", runs(List.of(), classPath, lambda, stack));
      Path archive = dir.resolve("predict.jsa");
      run(List.of("-XX:ArchiveClassesAtExit=" + archive), classPath, lambda, stack);
      result.put(
          "zip_appcds",
          runs(List.of("-XX:SharedArchiveFile=" + archive), classPath, lambda, stack));
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
          List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1"),
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

  static final String JAVA_TOOL_OPTIONS = "JAVA_TOOL_OPTIONS";

  /** {@code template.yaml}'s {@code JAVA_TOOL_OPTIONS} of PredictFunction. */
  static String templateJavaToolOptions() {
    Path template = Path.of("template.yaml");
    try {
      return javaToolOptions(
          Files.readAllLines(template, StandardCharsets.UTF_8), "PredictFunction");
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read "
              + template.toAbsolutePath()
              + " (the cold-start check runs the zip with its JAVA_TOOL_OPTIONS): run bench from"
              + " the repository root",
          e);
    }
  }

  /** The {@code JAVA_TOOL_OPTIONS} value in the block of the top-level resource {@code name}. */
  static String javaToolOptions(List<String> template, String name) {
    boolean inside = false;
    for (String line : template) {
      if (line.startsWith("  ") && !line.startsWith("   ") && !line.isBlank()) {
        inside = line.trim().equals(name + ":");
      } else if (inside && line.trim().startsWith(JAVA_TOOL_OPTIONS + ":")) {
        String value = line.trim().substring(JAVA_TOOL_OPTIONS.length() + 1).trim();
        return value.replaceAll("^[\"']|[\"']$", "");
      }
    }
    throw new IllegalStateException("template.yaml declares no JAVA_TOOL_OPTIONS for " + name);
  }

  /**
   * The AWS SDK's own settings (the local endpoint and test credentials, which {@code
   * LocalEndpoint.applyToSdk} gave this JVM) as {@code -D} options, so that a child JVM reaches the
   * same endpoint; the functions' configuration goes to the child in its environment.
   */
  static List<String> forwardedProperties() {
    List<String> options = new ArrayList<>();
    for (String name :
        List.of("aws.endpointUrl", "aws.region", "aws.accessKeyId", "aws.secretAccessKey")) {
      if (System.getProperty(name) != null) {
        options.add("-D" + name + "=" + System.getProperty(name));
      }
    }
    return options;
  }

  private static Run run(
      List<String> jvmOptions,
      String classPath,
      Map<String, String> env,
      Map<String, String> stack) {
    List<String> command =
        new ArrayList<>(
            List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(jvmOptions);
    command.addAll(forwardedProperties());
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
