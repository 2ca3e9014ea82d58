package com.ltvforecast.local;

import com.ltvforecast.aws.AwsClients;
import com.ltvforecast.config.AppConfig;
import com.ltvforecast.endpoint.Tables;
import com.ltvforecast.features.FeatureCalculator;
import com.ltvforecast.forecast.Forecasters;
import com.ltvforecast.registry.DynamoModelRegistry;
import com.ltvforecast.registry.ModelArtifacts;
import com.ltvforecast.registry.ModelVersion;
import com.ltvforecast.serving.ServingModel;
import com.ltvforecast.storage.S3ObjectStore;
import com.ltvforecast.training.TrainingReport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Precompute throughput, each figure next to its reference in the same run:
 *
 * <ul>
 *   <li>scoring: the production model's batched predict (BG/NBD inputs and the DJL forward pass)
 *       over synthetic feature vectors, in the service's chunk size, no writes, in a fresh JVM as
 *       precompute runs (rows/s and CPU µs per row);
 *   <li>end to end: the real handler over generated customers (read curated, features, score, write
 *       FeatureTable and ScoreTable), in items/s, next to a bare sequential {@code BatchWriteItem}
 *       loop of the very items it wrote, into fresh tables.
 * </ul>
 *
 * The model is trained by the real TrainFunction on the CDNOW sample (2 epochs, the configured
 * ensemble size, 5 members by default) and made production even if the gate rejects it: only its
 * speed matters here, and that depends on the members, not on the epochs. The end-to-end run then
 * scores the generated customers and the sample's 2,357 as of 2026-01-01.
 */
final class PrecomputeBenchmark {

  private static final String AS_OF = "2026-01-01";
  private static final int CHUNK = 16_384;
  private static final int SCORING_PASSES = 3;

  private PrecomputeBenchmark() {}

  static Map<String, Object> run(LocalDeployment deployment, int scoreRows, int writeCustomers) {
    // The model comes from the CDNOW sample: the generated log's uniform amounts leave Gamma-Gamma
    // unidentified.
    new IngestStep(deployment).run(List.of(DemoData.repositoryData(DemoData.CDNOW_SAMPLE, "")));
    ModelVersion production = trainProductionModel(deployment);
    Path file = IngestBenchmark.generate(writeCustomers * 10L);
    try {
      new IngestStep(deployment).run(List.of(file));
    } finally {
      file.toFile().delete();
    }

    HeapMeter.reset();
    Scoring scoring = scoring(production, scoreRows, deployment.environment());
    double scoreSeconds = scoring.seconds();

    long started = System.nanoTime();
    Map<String, Object> run;
    try (PrecomputeStep step = new PrecomputeStep(deployment)) {
      run = step.run(AS_OF, 1);
    }
    double endToEndSeconds = (System.nanoTime() - started) / 1e9;
    long items = (Long) run.get("items_written");
    double peakHeap = HeapMeter.peakMb();

    double bareSeconds = bareWriteSeconds();

    Map<String, Object> result = new LinkedHashMap<>();
    result.put("score_rows_per_s", Math.round(scoreRows / scoreSeconds));
    result.put("score_cpu_us_per_row", Math.round(scoring.cpuSeconds() * 1e7 / scoreRows) / 10.0);
    result.put("write_items_per_s", Math.round(items / endToEndSeconds));
    result.put("bare_write_items_per_s", Math.round(items / bareSeconds));
    result.put("peak_heap_mb", Math.round(peakHeap * 10) / 10.0);
    result.put("score_rows", scoreRows);
    result.put("ensemble_members", scoring.members());
    result.put("write_customers", run.get("customers_scored"));
    result.put("write_items", items);
    result.put("score_seconds", round(scoreSeconds));
    result.put("end_to_end_seconds", round(endToEndSeconds));
    result.put("bare_write_seconds", round(bareSeconds));
    result.put("writes_in_flight", deployment.config().precompute().writesInFlight());
    return result;
  }

  static void print(Map<String, Object> p) {
    System.out.printf("%n%-36s %12s %12s%n", "precompute", "measured", "reference");
    System.out.printf(
        "%-36s %12s%n",
        "score rows/s (" + p.get("score_rows") + ", " + p.get("ensemble_members") + " members)",
        p.get("score_rows_per_s"));
    System.out.printf("%-36s %12s%n", "score CPU µs/row", p.get("score_cpu_us_per_row"));
    System.out.printf(
        "%-36s %12s %12s%n",
        "write items/s (" + p.get("write_items") + ")",
        p.get("write_items_per_s"),
        p.get("bare_write_items_per_s"));
    System.out.printf("%-36s %12s%n", "peak heap MB", p.get("peak_heap_mb"));
  }

  /** Trains with 2 epochs (TRAIN_MAX_EPOCHS, unless the environment sets it) for this run only. */
  private static ModelVersion trainProductionModel(LocalDeployment deployment) {
    TrainingReport report =
        new TrainStep(deployment.config(Map.of(AppConfig.TRAIN_MAX_EPOCHS, "2")))
            .run(DemoData.CDNOW_AS_OF, DemoData.CDNOW_HORIZON_DAYS);
    System.out.printf(
        "benchmark model %s: 2 epochs, trained only to time scoring, made production without the "
            + "gate%n",
        report.modelVersion());
    DynamoModelRegistry registry =
        new DynamoModelRegistry(AwsClients.dynamoDb(), LocalDeployment.MODEL_REGISTRY_TABLE);
    String current = registry.production("ltv").map(ModelVersion::version).orElse(null);
    if (!report.promoted()) {
      registry.promote("ltv", report.modelVersion(), current);
    }
    return registry.find("ltv", report.modelVersion()).orElseThrow();
  }

  private record Scoring(double seconds, int members, double cpuSeconds) {}

  /**
   * Batched scoring in a fresh JVM ({@link #main}, given the stack's variables in its environment),
   * as precompute runs: this process trained the model, which pinned libtorch to its reproducible
   * training kernels (MKL_CBWR, AVX2 ATen), and they stay for the life of the process; scoring with
   * them measured 1.7 times the CPU time per row of the kernels a precompute invocation gets (5.6
   * against 3.4 µs for 15 members).
   */
  private static Scoring scoring(ModelVersion version, int rows, Map<String, String> stack) {
    List<String> command =
        new ArrayList<>(
            List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx2g"));
    command.addAll(ColdStart.forwardedProperties());
    command.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            PrecomputeBenchmark.class.getName(),
            version.version(),
            Integer.toString(rows)));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("DJL_OFFLINE", "true");
    stack.forEach(builder.environment()::putIfAbsent);
    try {
      Process process = builder.start();
      String result = null;
      List<String> output = new ArrayList<>();
      try (java.io.BufferedReader out = process.inputReader()) {
        for (String line; (line = out.readLine()) != null; ) {
          if (line.startsWith(SCORING_MARKER)) {
            result = line.substring(SCORING_MARKER.length());
          } else if (output.size() < 40) {
            output.add(line);
          }
        }
      }
      int exit = process.waitFor();
      if (exit != 0 || result == null) {
        throw new IllegalStateException(
            "scoring benchmark exited with " + exit + ": " + String.join("\n", output));
      }
      String[] parts = result.split(" ");
      return new Scoring(
          Double.parseDouble(parts[0]), Integer.parseInt(parts[1]), Double.parseDouble(parts[2]));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static final String SCORING_MARKER = "SCORING ";

  /**
   * The scoring child: {@code <model version> <rows>}. After an untimed warm-up, the rows are
   * scored {@link #SCORING_PASSES} times (fresh rows each pass) and the median pass is reported,
   * with the process's CPU time per pass: one pass of 1M rows lasts about a second, where a
   * background process or a GC pause moves the figure by tens of percent.
   */
  public static void main(String[] args) {
    DynamoModelRegistry registry =
        new DynamoModelRegistry(
            AwsClients.dynamoDb(), AppConfig.fromEnvironment().requireModelRegistryTable());
    ModelVersion version = registry.find("ltv", args[0]).orElseThrow();
    int rows = Integer.parseInt(args[1]);
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    try (ServingModel model =
        ServingModel.load(
            version,
            new ModelArtifacts(
                new S3ObjectStore(
                    AwsClients.s3(), AppConfig.fromEnvironment().requireDataBucket())),
            Path.of(System.getProperty("java.io.tmpdir")),
            Forecasters::loadServing)) {
      SplittableRandom random = new SplittableRandom(7);
      // Warm-up (JIT, libtorch kernels, allocator), not timed: 4 chunks.
      for (int i = 0; i < 4; i++) {
        model.predict(features(random, CHUNK));
      }
      double checksum = 0;
      double[] passes = new double[SCORING_PASSES];
      double[] cpu = new double[SCORING_PASSES];
      for (int pass = 0; pass < SCORING_PASSES; pass++) {
        long nanos = 0;
        long cpuNanos = 0;
        for (int from = 0; from < rows; from += CHUNK) {
          double[][] chunk = features(random, Math.min(CHUNK, rows - from));
          long t0 = System.nanoTime();
          long c0 = os.getProcessCpuTime();
          checksum += model.predict(chunk).spend()[0];
          cpuNanos += os.getProcessCpuTime() - c0;
          nanos += System.nanoTime() - t0;
        }
        passes[pass] = nanos / 1e9;
        cpu[pass] = cpuNanos / 1e9;
      }
      if (!Double.isFinite(checksum)) {
        throw new IllegalStateException("non-finite scores in the benchmark");
      }
      double[] sorted = passes.clone();
      Arrays.sort(sorted);
      int median = 0;
      while (passes[median] != sorted[SCORING_PASSES / 2]) {
        median++;
      }
      System.out.println(
          SCORING_MARKER + passes[median] + " " + model.ensembleSize() + " " + cpu[median]);
    }
    System.exit(0);
  }

  /** Plausible schema-v1 vectors: purchase-days, recency within age, spend consistent with both. */
  private static double[][] features(SplittableRandom random, int n) {
    double[][] rows = new double[n][];
    for (int i = 0; i < n; i++) {
      int frequency = random.nextInt(10) < 6 ? 0 : random.nextInt(1, 30);
      int age = random.nextInt(1, 730);
      int recency = frequency == 0 ? 0 : random.nextInt(0, age);
      double first = random.nextInt(5, 300);
      double mean = random.nextInt(5, 300);
      double total = first + frequency * mean;
      double[] v = new double[FeatureCalculator.SCHEMA.size()];
      v[0] = frequency;
      v[1] = recency;
      v[2] = age;
      v[3] = age - recency;
      v[4] = total;
      v[5] = total / (frequency + 1);
      v[6] = frequency == 0 ? 0 : mean;
      v[7] = first;
      v[8] = age - recency <= 30 ? 1 : 0;
      v[9] = v[8] * mean;
      v[10] = age - recency <= 90 ? Math.min(frequency + 1, 3) : 0;
      v[11] = v[10] * mean;
      v[12] = age - recency <= 365 ? Math.min(frequency + 1, 8) : 0;
      v[13] = v[12] * mean;
      v[14] = frequency == 0 ? 0 : (double) recency / frequency;
      v[15] = frequency < 2 ? 0 : v[14] / 2;
      rows[i] = v;
    }
    return rows;
  }

  /**
   * Reads back what precompute wrote and writes the same items with a bare sequential loop into
   * fresh tables.
   */
  private static double bareWriteSeconds() {
    DynamoDbClient dynamo = AwsClients.dynamoDb();
    long nanos = 0;
    for (var table :
        List.of(
            Map.entry(LocalDeployment.FEATURE_TABLE, Tables.FEATURE_TABLE),
            Map.entry(LocalDeployment.SCORE_TABLE, Tables.SCORE_TABLE))) {
      List<Map<String, AttributeValue>> items = new ArrayList<>();
      dynamo.scanPaginator(b -> b.tableName(table.getKey())).items().forEach(items::add);
      String copy = table.getKey() + "-bare-" + System.nanoTime();
      Tables.create(dynamo, table.getValue(), copy);
      long t0 = System.nanoTime();
      for (int from = 0; from < items.size(); from += 25) {
        List<WriteRequest> pending = new ArrayList<>();
        for (Map<String, AttributeValue> item :
            items.subList(from, Math.min(items.size(), from + 25))) {
          pending.add(WriteRequest.builder().putRequest(p -> p.item(item)).build());
        }
        while (!pending.isEmpty()) {
          List<WriteRequest> request = pending;
          pending =
              dynamo
                  .batchWriteItem(b -> b.requestItems(Map.of(copy, request)))
                  .unprocessedItems()
                  .getOrDefault(copy, List.of());
        }
      }
      nanos += System.nanoTime() - t0;
      dynamo.deleteTable(b -> b.tableName(copy));
    }
    return nanos / 1e9;
  }

  private static double round(double value) {
    return Math.round(value * 100) / 100.0;
  }
}
