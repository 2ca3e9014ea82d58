package com.ltvforecast.local;

import com.ltvforecast.ingest.IngestFunction;
import com.ltvforecast.ingest.IngestOutcome;
import com.ltvforecast.ingest.ReconcileCommand;
import com.ltvforecast.ingest.ReconcileReport;
import com.ltvforecast.json.Json;
import com.ltvforecast.training.TrainingReport;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The runner's subcommands: typed options, checked ranges, each a thin call into a step of the
 * local stack.
 */
final class RunnerCommands {

  static final int MAX_HORIZON_DAYS = 3650;

  private RunnerCommands() {}

  /** Options every command that starts a local stack takes. */
  static final class Stack {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(
        names = "--endpoint",
        paramLabel = "URL",
        description = "An S3/DynamoDB/SQS endpoint to use instead of starting moto_server.")
    URI endpoint;

    @Option(
        names = "--report",
        paramLabel = "FILE",
        description = "Also write the JSON report to FILE.")
    Path report;

    void writeReport(Map<String, Object> sections) {
      if (report != null) {
        try {
          Files.writeString(report, Json.pretty(sections));
        } catch (IOException e) {
          throw new LocalRunner.UsageException(
              "cannot write report " + report + ": " + e.getMessage());
        }
      }
    }

    /** Refuses a value outside [min, max] as a usage error naming the option. */
    int inRange(String option, int value, int min, int max) {
      if (value < min || value > max) {
        throw new ParameterException(
            spec.commandLine(),
            "Invalid value for option '"
                + option
                + "': "
                + value
                + " is not in "
                + min
                + ".."
                + max);
      }
      return value;
    }
  }

  @Command(
      name = "demo",
      mixinStandardHelpOptions = true,
      description = {
        "The main job: ingest (S3 upload and its real notification), train, then precompute through "
            + "the real handlers, with a summary, then serve the API as 'serve' does (unless --no-serve).",
        "The default data is the CDNOW sample (Fader, Hardie and Lee 2005) with the paper protocol: as-of "
            + "1998-07-01, horizon 273 days. Other data defaults to as-of = the day after its last valid event "
            + "and a 90-day horizon."
      })
  static final class Demo implements Callable<Integer> {
    @Mixin Stack stack;

    @Option(
        names = "--data",
        paramLabel = "FILE",
        description = "A CSV (or .csv.gz) of the data contract.")
    Path data;

    @Option(names = "--as-of", paramLabel = "DATE", description = "Run date (YYYY-MM-DD).")
    LocalDate asOf;

    @Option(
        names = "--horizon-days",
        paramLabel = "N",
        description = "Forecast horizon in days (1..3650).")
    Integer horizonDays;

    @Option(
        names = "--shards",
        paramLabel = "N",
        defaultValue = "4",
        description = "Precompute shards fanned out over SQS (1..256, default ${DEFAULT-VALUE}).")
    int shards;

    @Option(
        names = "--port",
        paramLabel = "N",
        defaultValue = "8080",
        description = "API port on 127.0.0.1 (0 picks a free one; default ${DEFAULT-VALUE}).")
    int port;

    @Option(
        names = "--no-serve",
        description = "Stop after the summary instead of serving the API.")
    boolean noServe;

    @Mixin Seed seed;

    @Override
    public Integer call() {
      if (horizonDays != null) {
        stack.inRange("--horizon-days", horizonDays, 1, MAX_HORIZON_DAYS);
      }
      stack.inRange("--shards", shards, 1, 256);
      stack.inRange("--port", port, 0, 65_535);
      return com.ltvforecast.local.Demo.run(
          new com.ltvforecast.local.Demo.Options(
              data, asOf, horizonDays, seed.value(stack), shards, noServe ? null : port, stack));
    }
  }

  @Command(
      name = "ingest",
      mixinStandardHelpOptions = true,
      description =
          "Creates the data bucket with its raw/ notifications, uploads each file under raw/, and runs "
              + "the real IngestFunction on each S3 notification.")
  static final class Ingest implements Callable<Integer> {
    @Mixin Stack stack;

    @Option(
        names = "--data",
        paramLabel = "FILE",
        required = true,
        split = ",",
        description = "CSV files of the data contract, comma-separated.")
    List<Path> data;

    @Override
    public Integer call() {
      IngestStep.requireFiles(data);
      try (LocalDeployment deployment = LocalDeployment.start(stack.endpoint)) {
        System.out.printf("endpoint: %s (%s)%n", deployment.endpoint(), deployment.endpointKind());
        List<IngestOutcome> outcomes = new IngestStep(deployment).run(data);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("ingest", IngestStep.report(outcomes));
        stack.writeReport(report);
        IngestStep.printSummary(outcomes);
        return 0;
      }
    }
  }

  @Command(
      name = "train",
      mixinStandardHelpOptions = true,
      description =
          "Ingests the files as 'ingest' does, then runs the real TrainFunction with {\"as_of\", "
              + "\"horizon_days\"}: features at as-of minus horizon, labels up to as-of, baselines, gate. Exits 1 "
              + "when no model is promoted.")
  static final class Train implements Callable<Integer> {
    @Mixin Stack stack;

    @Mixin RunDate run;

    @Mixin Seed seed;

    @Override
    public Integer call() {
      run.check(stack);
      Integer trainSeed = seed.value(stack);
      try (LocalDeployment deployment = LocalDeployment.start(stack.endpoint)) {
        System.out.printf("endpoint: %s (%s)%n", deployment.endpoint(), deployment.endpointKind());
        List<IngestOutcome> outcomes = new IngestStep(deployment).run(run.data);
        IngestStep.printSummary(outcomes);
        TrainingReport training =
            new TrainStep(deployment.config(TrainStep.seed(trainSeed)))
                .run(run.asOf.toString(), run.horizonDays);
        TrainStep.printResult(training);
        TrainStep.saveEvaluationReport(training);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("ingest", IngestStep.report(outcomes));
        report.put("training", training);
        stack.writeReport(report);
        return training.promoted() ? 0 : LocalRunner.FAILED;
      }
    }
  }

  /**
   * The data and protocol of a training run: {@code --data}, {@code --as-of}, {@code
   * --horizon-days}.
   */
  static final class RunDate {
    @Option(
        names = "--data",
        paramLabel = "FILE",
        required = true,
        split = ",",
        description = "CSV files of the data contract, comma-separated.")
    List<Path> data;

    @Option(
        names = "--as-of",
        paramLabel = "DATE",
        required = true,
        description = "Run date (YYYY-MM-DD).")
    LocalDate asOf;

    @Option(
        names = "--horizon-days",
        paramLabel = "N",
        required = true,
        description = "Forecast horizon in days (1..3650).")
    int horizonDays;

    /** Refuses an out-of-range horizon or a missing file before anything starts. */
    void check(Stack stack) {
      stack.inRange("--horizon-days", horizonDays, 1, MAX_HORIZON_DAYS);
      IngestStep.requireFiles(data);
    }
  }

  /** {@code --seed N}: the seed every random choice of a training run derives from (TRAIN_SEED). */
  static final class Seed {
    @Option(
        names = "--seed",
        paramLabel = "N",
        description =
            "Seed of the training run's random choices (0..2147483647; default TRAIN_SEED, else 42).")
    Integer seed;

    Integer value(Stack stack) {
      return seed == null ? null : stack.inRange("--seed", seed, 0, Integer.MAX_VALUE);
    }
  }

  @Command(
      name = "evaluate",
      mixinStandardHelpOptions = true,
      description = {
        "A K-fold backtest of the whole training procedure (fitting, selection, gate): customers are "
            + "cut into K folds by a hash of customer_id, each fold is held out once while the procedure runs on the "
            + "others, and pooled metrics cover every eligible customer, with per-fold figures, for each candidate, "
            + "each baseline and the selected policy. Reads the files through the data contract; no stack needed.",
        "--report FILE writes {\"evaluation\": {\"folds\", \"customers\", \"metrics\": {\"selected\", "
            + "\"bgnbd\", \"naive\", \"candidates\"}, \"per_fold\"}}."
      })
  static final class Evaluate implements Callable<Integer> {
    @Mixin Stack stack;

    @Mixin RunDate run;

    @Option(
        names = "--folds",
        paramLabel = "K",
        defaultValue = "5",
        description = "Customer folds, each held out once (2..20, default ${DEFAULT-VALUE}).")
    int folds;

    @Mixin Seed seed;

    @Override
    public Integer call() {
      run.check(stack);
      stack.inRange("--folds", folds, 2, 20);
      Integer trainSeed = seed.value(stack);
      Progress progress = Progress.onConsole("backtest");
      Map<String, Object> report =
          Backtest.run(
              run.data, run.asOf, run.horizonDays, folds, trainSeed, TrainStep.showing(progress));
      progress.finish();
      System.out.print(Backtest.table(report));
      stack.writeReport(report);
      return 0;
    }
  }

  @Command(
      name = "serve",
      mixinStandardHelpOptions = true,
      description =
          "Serves the prediction API (GET /customers/{id}/score, POST /predict, GET /model, GET /health) "
              + "on 127.0.0.1 through the real PredictFunction, one HTTP API v2 event per request. Train first against "
              + "the same --endpoint to have a production model.")
  static final class Serve implements Callable<Integer> {
    @Mixin Stack stack;

    @Option(
        names = "--port",
        paramLabel = "N",
        defaultValue = "8080",
        description = "API port on 127.0.0.1 (0 picks a free one; default ${DEFAULT-VALUE}).")
    int port;

    @Override
    public Integer call() {
      stack.inRange("--port", port, 0, 65_535);
      LocalDeployment deployment = LocalDeployment.start(stack.endpoint);
      LocalStackServer server = new LocalStackServer(deployment, deployment.config(), port);
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    server.close();
                    deployment.close();
                  }));
      LocalStackServer.printServing(deployment, server);
      server.awaitShutdown();
      return 0;
    }
  }

  @Command(
      name = "reconcile",
      mixinStandardHelpOptions = true,
      description = {
        "Reconciles raw/ against the curated manifests through the real IngestFunction, as its daily "
            + "schedule does: raw objects with no manifest or a stale one (their S3 event was lost) are ingested "
            + "again; curated files no manifest names are deleted once older than the grace period; manifests "
            + "whose raw object is gone are reported. Point --endpoint at a stack run earlier (e.g. a serving "
            + "demo).",
        "Exits 1 when something found was not repaired (failed, deferred over --max-redrives, or --dry-run)."
      })
  static final class Reconcile implements Callable<Integer> {
    @Mixin Stack stack;

    @Option(
        names = "--orphan-grace-hours",
        paramLabel = "N",
        defaultValue = "24",
        description =
            "Delete unnamed curated files only when older than N hours (1..8784, default "
                + "${DEFAULT-VALUE}).")
    int graceHours;

    @Option(
        names = "--max-redrives",
        paramLabel = "N",
        defaultValue = "20",
        description = "Raw objects ingested again at most (0..1000, default ${DEFAULT-VALUE}).")
    int maxRedrives;

    @Option(names = "--dry-run", description = "Report only: ingest nothing, delete nothing.")
    boolean dryRun;

    @Override
    public Integer call() {
      stack.inRange(
          "--orphan-grace-hours",
          graceHours,
          ReconcileCommand.MIN_GRACE_HOURS,
          ReconcileCommand.MAX_GRACE_HOURS);
      stack.inRange("--max-redrives", maxRedrives, 0, ReconcileCommand.MAX_REDRIVES);
      try (LocalDeployment deployment = LocalDeployment.start(stack.endpoint)) {
        System.out.printf("endpoint: %s (%s)%n", deployment.endpoint(), deployment.endpointKind());
        ReconcileReport result =
            new IngestFunction(deployment.config())
                .reconcile(new ReconcileCommand(Duration.ofHours(graceHours), maxRedrives, dryRun));
        System.out.printf(
            "reconciled%s: %d raw objects, %d manifests; %d without a manifest, %d stale, %d "
                + "re-ingested %s; %d manifests without their raw object; %d orphaned curated files (%d within "
                + "the grace period, %d deleted); %d unresolved%n",
            dryRun ? " (dry run)" : "",
            result.rawObjects(),
            result.manifests(),
            result.unmanifestedCount(),
            result.staleCount(),
            result.redrivenCount(),
            result.redriven(),
            result.rawGoneCount(),
            result.orphanCount(),
            result.orphansWithinGrace(),
            result.orphansDeleted(),
            result.unresolved());
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("reconcile", result);
        stack.writeReport(report);
        return result.unresolved() == 0 ? 0 : LocalRunner.FAILED;
      }
    }
  }

  /** What {@code bench --only} selects. */
  enum BenchPart {
    all,
    ingest,
    train,
    predict,
    precompute
  }

  @Command(
      name = "bench",
      mixinStandardHelpOptions = true,
      description = {
        "Every benchmark, each on a fresh local endpoint, each figure next to its reference:",
        "ingest: a generated gzip CSV through the real handler, next to the read-and-decompress ceiling of the "
            + "same file; peak heap.",
        "train: wall time and peak heap on the CDNOW master and on a synthetic BTYD cohort.",
        "predict: warm handler latency (p50/p99) next to the bare DJL ensemble call and a plain-Java forward "
            + "pass; cold start to the first prediction.",
        "precompute: batched scoring rows/s over synthetic customers (no writes); end-to-end items/s of the real "
            + "handler next to a bare BatchWriteItem loop of the same items; peak heap."
      })
  static final class Bench implements Callable<Integer> {
    @Mixin Stack stack;

    @Option(
        names = "--only",
        paramLabel = "PART",
        defaultValue = "all",
        description = "One of ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
    BenchPart only;

    @Option(
        names = "--rows",
        paramLabel = "N",
        defaultValue = "10000000",
        description = "Ingest rows.")
    long rows;

    @Option(
        names = "--train-customers",
        paramLabel = "N",
        defaultValue = "1000000",
        description = "Synthetic customers to train on.")
    int trainCustomers;

    @Option(
        names = "--calls",
        paramLabel = "N",
        defaultValue = "20000",
        description = "Predict calls timed.")
    int calls;

    @Option(
        names = "--score-rows",
        paramLabel = "N",
        defaultValue = "1000000",
        description = "Rows scored.")
    int scoreRows;

    @Option(
        names = "--write-customers",
        paramLabel = "N",
        defaultValue = "10000",
        description = "Customers written end to end (moto writes about 2-3k items/s).")
    int writeCustomers;

    @Option(
        names = "--predict-zip",
        paramLabel = "FILE",
        description =
            "PredictFunction's deployment zip whose cold start is measured (default: the one Maven built,"
                + " functions/predict/target/predict-*-lambda.zip).")
    Path predictZip;

    @Option(
        names = "--image-tree",
        paramLabel = "DIR",
        description =
            "Also measure the cold start of an earlier build's predict image tree (its target/lambda).")
    Path imageTree;

    /** The zip to measure: the option's, else the one Maven built under the working directory. */
    Path predictZip() {
      if (predictZip != null) {
        return predictZip;
      }
      Path target = Path.of("functions", "predict", "target");
      try (java.util.stream.Stream<Path> files = Files.list(target)) {
        return files
            .filter(f -> f.getFileName().toString().matches("predict-.*-lambda\\.zip"))
            .findFirst()
            .orElseThrow(
                () ->
                    new ParameterException(
                        stack.spec.commandLine(),
                        "no predict zip in "
                            + target
                            + ": build it (mvn -B package -DskipTests) or pass --predict-zip FILE"));
      } catch (IOException e) {
        throw new ParameterException(
            stack.spec.commandLine(),
            "no predict zip in "
                + target.toAbsolutePath()
                + ": build it (mvn -B package -DskipTests) or pass --predict-zip FILE");
      }
    }

    @Override
    public Integer call() {
      if (rows < 1) {
        throw new ParameterException(
            stack.spec.commandLine(), "Invalid value for option '--rows': must be >= 1");
      }
      stack.inRange("--train-customers", trainCustomers, 100, 10_000_000);
      stack.inRange("--calls", calls, 1, 10_000_000);
      stack.inRange("--score-rows", scoreRows, 1, 100_000_000);
      stack.inRange("--write-customers", writeCustomers, 1, 10_000_000);
      if (predictZip != null && !Files.isRegularFile(predictZip)) {
        throw new ParameterException(
            stack.spec.commandLine(), "--predict-zip: no file " + predictZip);
      }
      if (imageTree != null && !Files.isDirectory(imageTree.resolve("lib"))) {
        throw new ParameterException(
            stack.spec.commandLine(), "--image-tree: no lib/ in " + imageTree);
      }
      if (only == BenchPart.all || only == BenchPart.predict) {
        predictZip();
      }
      return Benchmarks.run(this);
    }
  }
}
