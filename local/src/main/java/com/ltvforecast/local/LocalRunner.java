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
            the real handlers, with progress bars and a summary, then serve the API as `serve` does
            (unless --no-serve). The default data is the CDNOW sample (Fader, Hardie and Lee 2005) with
            the paper protocol: as-of 1998-07-01, horizon 273 days. Other data defaults to as-of = the
            day after its last event and a 90-day horizon. Precompute fans out over --shards N
            (default 4) via the real SQS queue.

        serve [--port N] [--endpoint URL]
            Serves the prediction API (GET /customers/{id}/score, POST /predict, GET /model, GET /health)
            on 127.0.0.1:N (default 8080) through the real PredictFunction, one HTTP API v2 event per
            request. Train first against the same --endpoint to have a production model.

        bench [--only ingest|train|predict|precompute] [--rows N] [--train-customers N] [--calls N]
              [--score-rows N] [--write-customers N] [--endpoint URL] [--report FILE]
            Every benchmark, each on a fresh local endpoint, each figure next to its reference:
            ingest: a generated gzip CSV (--rows, default 10,000,000) through the real handler, next to
              the read-and-decompress ceiling of the same file; peak heap.
            train: wall time and peak heap on the CDNOW master and on a synthetic BTYD cohort
              (--train-customers, default 1,000,000).
            predict: warm handler latency (p50/p99 over --calls, default 20,000) next to the bare DJL
              ensemble call and a plain-Java forward pass; cold start to the first prediction with
              libtorch pre-extracted and extracted from the jar.
            precompute: batched scoring rows/s over --score-rows synthetic customers (default
              1,000,000, no writes); end-to-end items/s of the real handler over --write-customers
              generated customers (default 10,000) plus the CDNOW sample, next to a bare BatchWriteItem
              loop of the same items; peak heap. moto writes about 2-3k items/s, so keep this small.

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
        arguments.allowOnly(List.of("only", "rows", "train-customers", "calls", "score-rows", "write-customers",
            "endpoint", "report"));
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
    if (!List.of("all", "ingest", "train", "predict", "precompute").contains(only)) {
      throw new Arguments.UsageException("--only takes ingest, train, predict or precompute, got '" + only + "'");
    }
    int scoreRows = Integer.parseInt(arguments.option("score-rows", "1000000"));
    int writeCustomers = Integer.parseInt(arguments.option("write-customers", "10000"));
    System.out.printf("%d cores, max heap %d MB%n", Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() / 1_000_000);
    Map<String, Object> report = new LinkedHashMap<>();
    // Each benchmark gets its own endpoint, so no benchmark's data leaks into another's bucket.
    if (only.equals("all") || only.equals("ingest")) {
      try (LocalDeployment deployment = LocalDeployment.start(endpoint(arguments))) {
        Map<String, Object> ingest = IngestBenchmark.run(deployment, rows);
        System.out.printf("%n%-28s %12s %12s%n", "ingest", "measured", "ceiling");
        System.out.printf("%-28s %12s %12s%n", "MB/s (decompressed CSV)", ingest.get("mb_per_s"),
            ingest.get("ceiling_mb_per_s"));
        System.out.printf("%-28s %12s%n", "rows/s", ingest.get("rows_per_s"));
        System.out.printf("%-28s %12s%n", "peak heap MB", ingest.get("peak_heap_mb"));
        report.put("ingest", ingest);
      }
    }
    if (only.equals("all") || only.equals("train")) {
      try (LocalDeployment deployment = LocalDeployment.start(endpoint(arguments))) {
        Map<String, Object> train = TrainBenchmark.run(deployment, DemoData.repositoryData("cdnow/transactions.csv"),
            Integer.parseInt(arguments.option("train-customers", "1000000")));
        System.out.printf("%n%-28s %12s%n", "train", "measured");
        train.forEach((name, value) -> System.out.printf("%-28s %12s%n", name, value));
        report.put("train", train);
      }
    }
    if (only.equals("all") || only.equals("predict")) {
      try (LocalDeployment deployment = LocalDeployment.start(endpoint(arguments))) {
        report.putAll(PredictBenchmark.run(deployment, List.of(DemoData.repositoryData(DemoData.CDNOW_SAMPLE)),
            Integer.parseInt(arguments.option("calls", "20000"))));
        System.out.println("predict: " + Json.pretty(report.get("predict")));
        System.out.println("cold_start_ms: " + Json.pretty(report.get("cold_start_ms")));
      }
    }
    if (only.equals("all") || only.equals("precompute")) {
      try (LocalDeployment deployment = LocalDeployment.start(endpoint(arguments))) {
        Map<String, Object> precompute = PrecomputeBenchmark.run(deployment, scoreRows, writeCustomers);
        PrecomputeBenchmark.print(precompute);
        report.put("precompute", precompute);
      }
    }
    writeReport(arguments, report);
    return 0;
  }

  private static int serve(Arguments arguments) {
    int port = Integer.parseInt(arguments.option("port", "8080"));
    LocalDeployment deployment = LocalDeployment.start(endpoint(arguments));
    LocalStackServer server = new LocalStackServer(deployment, port);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      deployment.close();
    }));
    printServing(deployment, server);
    server.awaitShutdown();
    return 0;
  }

  /** Ready-to-paste commands for every route and for the stack's other triggers. */
  static void printServing(LocalDeployment deployment, LocalStackServer server) {
    String api = server.apiUrl();
    System.out.printf("""

        serving the API at %1$s and the Lambda Invoke API at %2$s (Ctrl-C stops)
          curl -s %1$s/health
          curl -s %1$s/model
          curl -s %1$s/customers/4/score
          curl -s -X POST %1$s/predict -H 'content-type: application/json' -d '{"customer_id": "4", "explain": true}'
          curl -s -X POST %1$s/predict -H 'content-type: application/json' \\
            -d '{"customer_id": "new-1", "as_of": "1998-07-01", "transactions": [{"event_time": "1997-02-01", "amount": 25.5}, {"event_time": "1997-05-10", "amount": 12}]}'
          curl -s -X POST %1$s/predict -H 'content-type: application/json' -d '{"instances": [{"customer_id": "4"}, {"customer_id": "18"}]}'
        uploads to raw/ are ingested from their S3 notifications, as deployed:
          aws --endpoint-url %3$s s3 cp new.csv s3://%4$s/raw/new.csv
        other functions run with their events, as with sam local start-lambda:
          aws lambda invoke --endpoint-url %2$s --function-name TrainFunction --payload fileb://events/train-backfill.json out.json
          aws lambda invoke --endpoint-url %2$s --function-name PrecomputeFunction --payload fileb://events/precompute-run.json out.json
        (the aws CLI needs credentials of any value locally, e.g. AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test)
        """, api, server.lambdaUrl(), deployment.endpoint(), LocalDeployment.BUCKET);
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
