package com.ltvforecast.local;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.joran.spi.JoranException;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.ltvforecast.aws.AwsClients;
import com.ltvforecast.config.AppConfig;
import com.ltvforecast.features.CustomerHistory;
import com.ltvforecast.features.FeatureCalculator;
import com.ltvforecast.features.ModelInputs;
import com.ltvforecast.featurestore.FeatureRecord;
import com.ltvforecast.featurestore.FeatureStore;
import com.ltvforecast.forecast.Forecaster;
import com.ltvforecast.forecast.PlainForecasters;
import com.ltvforecast.forward.PlainNetwork;
import com.ltvforecast.json.Json;
import com.ltvforecast.model.LtvEnsemble;
import com.ltvforecast.model.Prediction;
import com.ltvforecast.observability.LambdaLogging;
import com.ltvforecast.prediction.ModelHolder;
import com.ltvforecast.prediction.PackageCheck;
import com.ltvforecast.prediction.PredictFunction;
import com.ltvforecast.prediction.PredictionService;
import com.ltvforecast.registry.DynamoModelRegistry;
import com.ltvforecast.registry.ModelArtifacts;
import com.ltvforecast.registry.ModelMetadata;
import com.ltvforecast.registry.ModelVersion;
import com.ltvforecast.scores.Score;
import com.ltvforecast.scores.ScoreStore;
import com.ltvforecast.storage.LocalFiles;
import com.ltvforecast.storage.S3ObjectStore;
import com.ltvforecast.training.TrainingReport;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;

/**
 * Prediction latency and cold start. Latency: the warm in-process handler for one on-demand
 * prediction with its features in hand (an in-memory feature store), next to its floor, the served
 * forecaster's own plain-Java call on the same features, and the network's plain forward pass and
 * the DJL ensemble on the same input row. Cold start: a fresh JVM on the unpacked deployment zip
 * alone, from process start to the 200th prediction served ({@link PackageCheck}), without and with
 * an AppCDS archive; and, when given, the same check on an earlier build's container-image tree
 * (DJL, libtorch pre-extracted), for comparison.
 */
final class PredictBenchmark {

  private static final String MODEL = "ltv";
  static final int COLD_START_PREDICTIONS = 200;
  static final int COLD_START_RUNS = 3;
  static final int WARMUP_CALLS = 50_000;
  static final long WARMUP_MILLIS = 3_000;

  private PredictBenchmark() {}

  static Map<String, Object> run(
      LocalDeployment deployment, List<Path> data, int calls, Path zip, Path imageTree) {
    ModelVersion version = trainedModel(deployment, data);
    DynamoModelRegistry registry =
        new DynamoModelRegistry(AwsClients.dynamoDb(), LocalDeployment.MODEL_REGISTRY_TABLE);
    ModelArtifacts artifacts =
        new ModelArtifacts(new S3ObjectStore(AwsClients.s3(), LocalDeployment.BUCKET));
    ModelMetadata metadata =
        Json.read(artifacts.readJson(version, ModelArtifacts.METADATA), ModelMetadata.class);
    LocalDate asOf = LocalDate.parse("1998-07-01");
    double[] features =
        FeatureCalculator.features(
                new CustomerHistory(
                    "bench",
                    new int[] {9_863, 9_950, 10_013, 10_100},
                    new double[] {20.5, 14, 35.2, 9.99}),
                asOf)
            .values();
    double[] row =
        new ModelInputs(metadata.bgnbdParams(), metadata.gammaGammaParams(), metadata.horizonDays())
            .row(features);
    Path work =
        LocalFiles.createWorkDir(Path.of(System.getProperty("java.io.tmpdir")), "predict-bench-");
    Map<String, Object> predict = new LinkedHashMap<>();
    try {
      Path files = artifacts.download(version, work.resolve("model"));
      try (LtvEnsemble ensemble = networkIn(files);
          Forecaster served = PlainForecasters.load(files);
          ModelHolder models =
              new ModelHolder(
                  registry, artifacts, MODEL, Duration.ofSeconds(60), work, Clock.systemUTC())) {
        PlainNetwork plain = new PlainNetwork(ensemble.weights());
        PredictFunction handler =
            new PredictFunction(
                new PredictionService(new OneCustomer(features, asOf), new NoScores(), models),
                deployment.config().serving(),
                Clock.systemUTC());
        APIGatewayV2HTTPEvent event =
            PackageCheck.event("POST", "/predict", "{\"customer_id\": \"bench\"}");
        APIGatewayV2HTTPResponse first = handler.handleRequest(event, null);
        if (first.getStatusCode() != 200) {
          throw new IllegalStateException("benchmark request failed: " + first.getBody());
        }
        Prediction djl = ensemble.predict(row);
        Prediction java = plain.predict(row);
        // The handler writes a log line and an EMF line per call, formatted as in Lambda (the
        // functions' own logging,
        // not the runner's log files) to a discarded stdout.
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();
        logging.reset();
        LambdaLogging.apply(logging);
        Timing handlerNs;
        Timing servedNs;
        Timing javaNs;
        Timing djlNs;
        try {
          handlerNs = time(calls, () -> handler.handleRequest(event, null));
          servedNs = time(calls, () -> served.predict(features));
          javaNs = time(calls, () -> plain.predict(row));
          djlNs = time(calls, () -> ensemble.predict(row));
        } finally {
          System.setOut(stdout);
          logging.reset();
          try {
            new ContextInitializer(logging).autoConfig();
          } catch (JoranException e) {
            throw new IllegalStateException("cannot restore the runner's logging", e);
          }
        }
        put(predict, "handler", handlerNs);
        put(predict, "served_model", servedNs);
        put(predict, "java_forward", javaNs);
        put(predict, "djl", djlNs);
        predict.put("calls", calls);
        predict.put("served_kind", served.kind());
        predict.put("ensemble_members", plain.members());
        predict.put(
            "java_vs_djl_max_rel_diff",
            Math.max(
                Math.abs(djl.spend() - java.spend()) / djl.spend(),
                Math.abs(djl.churnProbability() - java.churnProbability())
                    / djl.churnProbability()));
      }
    } finally {
      LocalFiles.deleteRecursively(work);
    }
    Map<String, Object> coldStart = new LinkedHashMap<>();
    coldStart.putAll(ColdStart.ofZip(zip, deployment.environment()));
    if (imageTree != null) {
      coldStart.put("image_tree", ColdStart.ofImageTree(imageTree, deployment.environment()));
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("predict", predict);
    result.put("cold_start_ms", coldStart);
    result.put("model_version", version.version());
    return result;
  }

  /**
   * The network ensemble inside a downloaded model: the model itself for versions before the
   * forecaster seam, else the first {@code ensemble.json} directory of the forecaster tree (a
   * network or a blend with one).
   */
  private static LtvEnsemble networkIn(Path dir) {
    try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(dir)) {
      Path ensemble =
          files
              .filter(f -> f.getFileName().toString().equals("ensemble.json"))
              .sorted()
              .findFirst()
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "the production model has no network to benchmark"));
      return LtvEnsemble.load(ensemble.getParent());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The production model, trained on {@code data} first when there is none. */
  private static ModelVersion trainedModel(LocalDeployment deployment, List<Path> data) {
    DynamoModelRegistry registry =
        new DynamoModelRegistry(AwsClients.dynamoDb(), LocalDeployment.MODEL_REGISTRY_TABLE);
    Optional<ModelVersion> production = registry.production(MODEL);
    if (production.isPresent()) {
      return production.get();
    }
    new IngestStep(deployment).run(data);
    // Latency does not depend on how long the weights trained; the ensemble keeps its 5 members.
    // 20 epochs, unless the environment sets TRAIN_MAX_EPOCHS.
    TrainingReport report =
        new TrainStep(deployment.config(Map.of(AppConfig.TRAIN_MAX_EPOCHS, "20")))
            .run("1998-07-01", 273);
    System.out.printf(
        "benchmark model %s: trained only to time serving, made production without the gate%n",
        report.modelVersion());
    if (!report.promoted()) {
      registry.promote(MODEL, report.modelVersion(), null);
    }
    return registry.find(MODEL, report.modelVersion()).orElseThrow();
  }

  /** Timed calls: wall nanoseconds per call, sorted, and the calling thread's CPU time in all. */
  private record Timing(long[] sortedNs, long cpuNs) {}

  /**
   * Warm-up until the JIT has compiled the path: {@value #WARMUP_CALLS} calls and {@value
   * #WARMUP_MILLIS} ms at the least (with 5,000 warm-up calls the timed calls ran partly before C2
   * had compiled the handler: p50 41-62 µs on 2026-12-01, against 18 µs with these), then {@code
   * calls} timed calls, with the calling thread's CPU time over them.
   */
  private static Timing time(int calls, Supplier<Object> call) {
    int sink = 0;
    long warmUntil = System.nanoTime() + WARMUP_MILLIS * 1_000_000L;
    for (int i = 0; i < Math.max(WARMUP_CALLS, calls / 4) || System.nanoTime() < warmUntil; i++) {
      sink += System.identityHashCode(call.get());
    }
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long[] ns = new long[calls];
    long cpuStart = threads.getCurrentThreadCpuTime();
    for (int i = 0; i < calls; i++) {
      long start = System.nanoTime();
      Object result = call.get();
      ns[i] = System.nanoTime() - start;
      sink += System.identityHashCode(result);
    }
    long cpu = threads.getCurrentThreadCpuTime() - cpuStart;
    if (sink == 42) {
      System.err.print("");
    }
    Arrays.sort(ns);
    return new Timing(ns, cpu);
  }

  private static void put(Map<String, Object> report, String name, Timing timing) {
    report.put(name + "_p50_us", micros(timing.sortedNs(), 0.50));
    report.put(name + "_p99_us", micros(timing.sortedNs(), 0.99));
    report.put(
        name + "_cpu_us_per_call",
        Math.round(timing.cpuNs() / 100.0 / timing.sortedNs().length) / 10.0);
  }

  private static double micros(long[] sortedNs, double quantile) {
    return Math.round(
            sortedNs[Math.min(sortedNs.length - 1, (int) (sortedNs.length * quantile))] / 100.0)
        / 10.0;
  }

  /** Features in hand: one customer in memory. */
  private record OneCustomer(double[] features, LocalDate asOf) implements FeatureStore {
    @Override
    public Optional<FeatureRecord> get(String customerId) {
      return Optional.of(
          new FeatureRecord(customerId, asOf, FeatureCalculator.SCHEMA.version(), features));
    }

    @Override
    public void putAll(List<FeatureRecord> records) {
      throw new UnsupportedOperationException("read-only");
    }
  }

  private record NoScores() implements ScoreStore {
    @Override
    public Optional<Score> get(String customerId) {
      return Optional.empty();
    }

    @Override
    public void putAll(List<Score> scores) {
      throw new UnsupportedOperationException("read-only");
    }
  }
}
