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

        bench [--only ingest|train|predict] [--rows N] [--train-customers N] [--calls N] [--data FILE]
              [--endpoint URL] [--report FILE]
            Ingestion throughput of a generated gzip CSV (default 10,000,000 rows) through the real
            handler, next to the read-and-decompress ceiling of the same file, and peak heap.
            Training wall time and peak heap on the CDNOW master and on a synthetic BTYD cohort
            (default 1,000,000 customers).
            Prediction: warm handler latency (p50/p99 over --calls, default 20,000) next to the bare
            DJL ensemble call and a plain-Java forward pass, and cold start to the first prediction
            with libtorch pre-extracted and extracted from the jar. Trains on --data (default the
            CDNOW sample in ../shared/data) when no model is in production.

        serve [--port N] [--endpoint URL]
            Serves the prediction API (GET /customers/{id}/score, POST /predict, GET /model, GET /health)
            on 127.0.0.1:N (default 8080) through the real PredictFunction, one HTTP API v2 event per
            request. Train first against the same --endpoint to have a production model.

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
    Arguments arguments = Arguments.parse(args, Set.of());
    switch (arguments.command()) {
      case "ingest" -> {
        arguments.allowOnly(List.of("data", "endpoint", "report"));
        return ingest(arguments);
      }
      case "train" -> {
        arguments.allowOnly(List.of("data", "as-of", "horizon-days", "endpoint", "report"));
        return train(arguments);
      }
      case "bench" -> {
        arguments.allowOnly(List.of("rows", "train-customers", "only", "calls", "data", "endpoint", "report"));
        return bench(arguments);
      }
      case "serve" -> {
        arguments.allowOnly(List.of("port", "endpoint"));
        return serve(arguments);
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
    String only = arguments.option("only", "all");
    if (!List.of("all", "ingest", "train", "predict").contains(only)) {
      throw new Arguments.UsageException("--only takes ingest, train or predict, got '" + only + "'");
    }
    try (LocalDeployment deployment = LocalDeployment.start(endpoint(arguments))) {
      System.out.printf("endpoint: %s (%s); %d cores, max heap %d MB%n", deployment.endpoint(),
          deployment.endpointKind(), Runtime.getRuntime().availableProcessors(),
          Runtime.getRuntime().maxMemory() / 1_000_000);
      Map<String, Object> report = new LinkedHashMap<>();
      if (only.equals("all") || only.equals("ingest")) {
        Map<String, Object> ingest = IngestBenchmark.run(deployment, rows);
        System.out.printf("%n%-28s %12s %12s%n", "ingest", "measured", "ceiling");
        System.out.printf("%-28s %12s %12s%n", "MB/s (decompressed CSV)", ingest.get("mb_per_s"),
            ingest.get("ceiling_mb_per_s"));
        System.out.printf("%-28s %12s%n", "rows/s", ingest.get("rows_per_s"));
        System.out.printf("%-28s %12s%n", "peak heap MB", ingest.get("peak_heap_mb"));
        report.put("ingest", ingest);
      }
      if (only.equals("all") || only.equals("train")) {
        Map<String, Object> train = TrainBenchmark.run(deployment, sharedData("cdnow/transactions.csv"),
            Integer.parseInt(arguments.option("train-customers", "1000000")));
        System.out.printf("%n%-28s %12s%n", "train", "measured");
        train.forEach((name, value) -> System.out.printf("%-28s %12s%n", name, value));
        report.put("train", train);
      }
      if (only.equals("all") || only.equals("predict")) {
        List<Path> data = List.of(arguments.options().containsKey("data") ? Path.of(arguments.option("data", null))
            : sharedData("cdnow/transactions_sample.csv"));
        report.putAll(PredictBenchmark.run(deployment, data, Integer.parseInt(arguments.option("calls", "20000"))));
        System.out.println("predict: " + Json.pretty(report.get("predict")));
        System.out.println("cold_start_ms: " + Json.pretty(report.get("cold_start_ms")));
      }
      writeReport(arguments, report);
      return 0;
    }
  }

  /** A dataset of shared/data, found beside the working directory or in any folder above it. */
  static Path sharedData(String relative) {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("shared/data").resolve(relative);
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    throw new Arguments.UsageException("cannot find shared/data/" + relative + " above " + Path.of("").toAbsolutePath());
  }

  private static int serve(Arguments arguments) {
    int port = Integer.parseInt(arguments.option("port", "8080"));
    LocalDeployment deployment = LocalDeployment.start(endpoint(arguments));
    LocalApiServer server = LocalApiServer.start(new com.ltvforecast.prediction.PredictFunction(), port);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      deployment.close();
    }));
    System.out.printf("endpoint: %s (%s)%nserving http://127.0.0.1:%d (Ctrl-C stops)%n", deployment.endpoint(),
        deployment.endpointKind(), server.port());
    try {
      Thread.currentThread().join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  private static URI endpoint(Arguments arguments) {
    String endpoint = arguments.option("endpoint", null);
    return endpoint == null ? null : URI.create(endpoint);
  }

  private static void writeReport(Arguments arguments, Map<String, Object> report) {
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
