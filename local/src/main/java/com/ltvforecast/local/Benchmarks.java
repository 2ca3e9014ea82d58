package com.ltvforecast.local;

import com.ltvforecast.json.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code bench}: every benchmark, each on a fresh local endpoint, each figure next to its
 * reference.
 */
final class Benchmarks {

  private Benchmarks() {}

  static int run(RunnerCommands.Bench options) {
    System.out.printf(
        "%d cores, max heap %d MB%n",
        Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() / 1_000_000);
    Map<String, Object> report = new LinkedHashMap<>();
    // Each benchmark gets its own endpoint, so no benchmark's data leaks into another's bucket.
    if (selected(options, RunnerCommands.BenchPart.ingest)) {
      try (LocalDeployment deployment = LocalDeployment.start(options.stack.endpoint)) {
        Map<String, Object> ingest = IngestBenchmark.run(deployment, options.rows);
        System.out.printf("%n%-28s %12s %12s%n", "ingest", "measured", "ceiling");
        System.out.printf(
            "%-28s %12s %12s%n",
            "MB/s (decompressed CSV)", ingest.get("mb_per_s"), ingest.get("ceiling_mb_per_s"));
        System.out.printf("%-28s %12s%n", "rows/s", ingest.get("rows_per_s"));
        System.out.printf("%-28s %12s%n", "peak heap MB", ingest.get("peak_heap_mb"));
        report.put("ingest", ingest);
      }
    }
    if (selected(options, RunnerCommands.BenchPart.train)) {
      try (LocalDeployment deployment = LocalDeployment.start(options.stack.endpoint)) {
        Map<String, Object> train =
            TrainBenchmark.run(
                deployment,
                DemoData.repositoryData(DemoData.CDNOW_MASTER, ""),
                options.trainCustomers);
        System.out.printf("%n%-28s %12s%n", "train", "measured");
        train.forEach((name, value) -> System.out.printf("%-28s %12s%n", name, value));
        report.put("train", train);
      }
    }
    if (selected(options, RunnerCommands.BenchPart.predict)) {
      try (LocalDeployment deployment = LocalDeployment.start(options.stack.endpoint)) {
        report.putAll(
            PredictBenchmark.run(
                deployment,
                List.of(DemoData.repositoryData(DemoData.CDNOW_SAMPLE, "")),
                options.calls,
                options.predictZip(),
                options.imageTree));
        System.out.println("predict: " + Json.pretty(report.get("predict")));
        System.out.println("cold_start_ms: " + Json.pretty(report.get("cold_start_ms")));
      }
    }
    if (selected(options, RunnerCommands.BenchPart.precompute)) {
      try (LocalDeployment deployment = LocalDeployment.start(options.stack.endpoint)) {
        Map<String, Object> precompute =
            PrecomputeBenchmark.run(deployment, options.scoreRows, options.writeCustomers);
        PrecomputeBenchmark.print(precompute);
        report.put("precompute", precompute);
      }
    }
    options.stack.writeReport(report);
    return 0;
  }

  private static boolean selected(RunnerCommands.Bench options, RunnerCommands.BenchPart part) {
    return options.only == RunnerCommands.BenchPart.all || options.only == part;
  }
}
