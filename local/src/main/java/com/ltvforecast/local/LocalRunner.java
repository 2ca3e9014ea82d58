package com.ltvforecast.local;

import com.ltvforecast.ingest.IngestOutcome;
import com.ltvforecast.json.Json;
import com.ltvforecast.training.TrainingReport;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code java -jar local/target/ltv-local.jar <command>}: runs the real Lambda handlers on one
 * machine against moto_server, LocalStack or {@code --endpoint URL}.
 */
public final class LocalRunner {

  static final String USAGE = """
      usage: java -jar local/target/ltv-local.jar <command> [options]

      commands:
        ingest --data FILE[,FILE...] [--endpoint URL] [--report FILE]
            Creates the data bucket with its raw/ notifications, uploads each file under raw/,
            and runs the real IngestFunction on each S3 notification.

        train --data FILE[,FILE...] --as-of DATE --horizon-days N [--endpoint URL] [--report FILE]
            Ingests the files as above, then runs the real TrainFunction with {"as_of", "horizon_days"}:
            features at as-of minus horizon, labels up to as-of, BG/NBD and naive baselines, gate.

        demo [--data FILE] [--as-of DATE] [--horizon-days N] [--shards N] [--no-serve] [--port N]
             [--endpoint URL] [--report FILE]
            The main job: ingest (S3 upload and its real notification), train, then precompute through
            the real handlers, with progress bars and a summary. The default data is the CDNOW sample
            (Fader, Hardie and Lee 2005) with the paper protocol: as-of 1998-07-01, horizon 273 days.
            Other data defaults to as-of = the day after its last event and a 90-day horizon.
            Precompute fans out over --shards N (default 4) via the real SQS queue.

        bench [--rows N] [--score-rows N] [--write-customers N] [--endpoint URL] [--report FILE]
            Ingestion throughput of a generated gzip CSV (default 10,000,000 rows) through the real
            handler, next to the read-and-decompress ceiling of the same file, and peak heap.
            Precompute: batched scoring rows/s over --score-rows synthetic customers (default
            1,000,000, no writes); end-to-end items/s of the real handler over --write-customers
            generated customers (default 10,000) plus the CDNOW sample's 2,357 (the model is trained on
            it), i.e. about 24,700 FeatureTable + ScoreTable items, next to a bare BatchWriteItem loop
            of the same items; peak heap. moto writes about 2-3k items/s, so keep this small.

      The endpoint is --endpoint, else AWS_ENDPOINT_URL, else LocalStack when Docker is up,
      else a moto_server started on a free loopback port.
      """;

  private LocalRunner() {}

  public static void main(String[] args) {
    System.setProperty("DJL_OFFLINE", "true");
    try {
      System.exit(run(args));
    } catch (Arguments.UsageException e) {
      System.err.println("error: " + e.getMessage());
      System.err.println(USAGE);
      System.exit(2);
    }
  }

  static int run(String[] args) {
    Arguments arguments = Arguments.parse(args, Set.of("no-serve"));
    switch (arguments.command()) {
      case "ingest" -> {
        arguments.allowOnly(List.of("data", "endpoint", "report"));
        return ingest(arguments);
      }
      case "train" -> {
        arguments.allowOnly(List.of("data", "as-of", "horizon-days", "endpoint", "report"));
        return train(arguments);
      }
      case "demo" -> {
        arguments.allowOnly(List.of("data", "as-of", "horizon-days", "shards", "port", "endpoint", "report"));
        return Demo.run(arguments);
      }
      case "bench" -> {
        arguments.allowOnly(List.of("rows", "score-rows", "write-customers", "endpoint", "report"));
        return bench(arguments);
      }
      case "help", "--help", "-h" -> {
        System.out.println(USAGE);
        return 0;
      }
      default -> throw new Arguments.UsageException("unknown command '" + arguments.command() + "'");
    }
  }

  private static int ingest(Arguments arguments) {
    List<Path> files = dataFiles(arguments);
    try (LocalDeployment deployment = LocalDeployment.start(endpoint(arguments))) {
      System.out.printf("endpoint: %s (%s)%n", deployment.endpoint(), deployment.endpointKind());
      List<IngestOutcome> outcomes = new IngestStep(deployment).run(files);
      Map<String, Object> report = new LinkedHashMap<>();
      report.put("ingest", IngestStep.report(outcomes));
      writeReport(arguments, report);
      System.out.println("summary: " + Json.pretty(report));
      return 0;
    }
  }

  private static int train(Arguments arguments) {
    List<Path> files = dataFiles(arguments);
    String asOf = arguments.required("as-of");
    int horizon = Integer.parseInt(arguments.required("horizon-days"));
    try (LocalDeployment deployment = LocalDeployment.start(endpoint(arguments))) {
      System.out.printf("endpoint: %s (%s)%n", deployment.endpoint(), deployment.endpointKind());
      List<IngestOutcome> outcomes = new IngestStep(deployment).run(files);
      TrainingReport training = new TrainStep().run(asOf, horizon);
      Map<String, Object> report = new LinkedHashMap<>();
      report.put("ingest", IngestStep.report(outcomes));
      report.put("training", training);
      writeReport(arguments, report);
      System.out.println("summary: " + Json.pretty(report));
      return 0;
    }
  }

  private static List<Path> dataFiles(Arguments arguments) {
    return Arrays.stream(arguments.required("data").split(",")).map(String::trim)
        .filter(s -> !s.isEmpty()).map(Path::of).toList();
  }

  private static int bench(Arguments arguments) {
    long rows = Long.parseLong(arguments.option("rows", "10000000"));
    int scoreRows = Integer.parseInt(arguments.option("score-rows", "1000000"));
    int writeCustomers = Integer.parseInt(arguments.option("write-customers", "10000"));
    try (LocalDeployment deployment = LocalDeployment.start(endpoint(arguments))) {
      System.out.printf("endpoint: %s (%s); %d cores, max heap %d MB%n", deployment.endpoint(),
          deployment.endpointKind(), Runtime.getRuntime().availableProcessors(),
          Runtime.getRuntime().maxMemory() / 1_000_000);
      // Precompute first: it scores everything the bucket holds, so it must not see the ingest benchmark's file.
      Map<String, Object> precompute = PrecomputeBenchmark.run(deployment, scoreRows, writeCustomers);
      Map<String, Object> ingest = IngestBenchmark.run(deployment, rows);
      System.out.printf("%n%-28s %12s %12s%n", "ingest", "measured", "ceiling");
      System.out.printf("%-28s %12s %12s%n", "MB/s (decompressed CSV)", ingest.get("mb_per_s"),
          ingest.get("ceiling_mb_per_s"));
      System.out.printf("%-28s %12s%n", "rows/s", ingest.get("rows_per_s"));
      System.out.printf("%-28s %12s%n", "peak heap MB", ingest.get("peak_heap_mb"));
      PrecomputeBenchmark.print(precompute);
      Map<String, Object> report = new LinkedHashMap<>();
      report.put("ingest", ingest);
      report.put("precompute", precompute);
      writeReport(arguments, report);
      return 0;
    }
  }

  static URI endpoint(Arguments arguments) {
    String endpoint = arguments.option("endpoint", null);
    return endpoint == null ? null : URI.create(endpoint);
  }

  static void writeReport(Arguments arguments, Map<String, Object> report) {
    String file = arguments.option("report", null);
    if (file != null) {
      try {
        Files.writeString(Path.of(file), Json.pretty(report));
      } catch (IOException e) {
        throw new Arguments.UsageException("cannot write report " + file + ": " + e.getMessage());
      }
    }
  }
}
