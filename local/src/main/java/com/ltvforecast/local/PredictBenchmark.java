package com.ltvforecast.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.ltvforecast.aws.AwsClients;
import com.ltvforecast.config.AppConfig;
import com.ltvforecast.features.CustomerHistory;
import com.ltvforecast.features.FeatureCalculator;
import com.ltvforecast.features.ModelInputs;
import com.ltvforecast.featurestore.FeatureRecord;
import com.ltvforecast.featurestore.FeatureStore;
import com.ltvforecast.forward.PlainNetwork;
import com.ltvforecast.json.Json;
import com.ltvforecast.model.LtvEnsemble;
import com.ltvforecast.model.Prediction;
import com.ltvforecast.prediction.ModelHolder;
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
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Prediction latency: the warm in-process handler for one on-demand prediction with its features in
 * hand (an in-memory feature store), next to the bare DJL ensemble call and a plain-Java forward pass
 * over the same weights; and cold start, from a fresh JVM to the first prediction served, with
 * libtorch pre-extracted and extracted from the jar.
 */
final class PredictBenchmark {

  static final String COLD_START_MARKER = "COLD_START ";
  private static final String MODEL = "ltv";

  private PredictBenchmark() {}

  static Map<String, Object> run(LocalDeployment deployment, List<Path> data, int calls) {
    ModelVersion version = trainedModel(deployment, data);
    DynamoModelRegistry registry = new DynamoModelRegistry(AwsClients.dynamoDb(), LocalDeployment.MODEL_REGISTRY_TABLE);
    ModelArtifacts artifacts = new ModelArtifacts(new S3ObjectStore(AwsClients.s3(), LocalDeployment.BUCKET));
    ModelMetadata metadata = Json.read(artifacts.readJson(version, ModelArtifacts.METADATA), ModelMetadata.class);
    LocalDate asOf = LocalDate.parse("1998-07-01");
    double[] features = FeatureCalculator.features(new CustomerHistory("bench",
        new int[] {9_863, 9_950, 10_013, 10_100}, new double[] {20.5, 14, 35.2, 9.99}), asOf).values();
    double[] row = new ModelInputs(metadata.bgnbdParams(), metadata.gammaGammaParams(), metadata.horizonDays())
        .row(features);
    Path work = LocalFiles.createWorkDir(Path.of(System.getProperty("java.io.tmpdir")), "predict-bench-");
    Map<String, Object> predict = new LinkedHashMap<>();
    try (LtvEnsemble ensemble = networkIn(artifacts.download(version, work.resolve("model")));
        ModelHolder models = new ModelHolder(registry, artifacts, MODEL, Duration.ofSeconds(60), work,
            Clock.systemUTC())) {
      PlainNetwork plain = new PlainNetwork(ensemble.weights());
      PredictFunction handler = new PredictFunction(new PredictionService(new OneCustomer(features, asOf),
          new NoScores(), models), AppConfig.fromEnvironment().serving(), Clock.systemUTC());
      APIGatewayV2HTTPEvent event = event("{\"customer_id\": \"bench\"}");
      APIGatewayV2HTTPResponse first = handler.handleRequest(event, null);
      if (first.getStatusCode() != 200) {
        throw new IllegalStateException("benchmark request failed: " + first.getBody());
      }
      Prediction djl = ensemble.predict(row);
      Prediction java = plain.predict(row);
      // The handler writes a log line and an EMF line per call, formatted as in Lambda: to the log files under the
      // local runner's logging, to a discarded stdout under the functions' own.
      PrintStream stdout = System.out;
      System.setOut(new PrintStream(OutputStream.nullOutputStream()));
      long[] handlerNs;
      long[] djlNs;
      long[] javaNs;
      try {
        handlerNs = time(calls, () -> handler.handleRequest(event, null));
        djlNs = time(calls, () -> ensemble.predict(row));
        javaNs = time(calls, () -> plain.predict(row));
      } finally {
        System.setOut(stdout);
      }
      predict.put("handler_p50_us", micros(handlerNs, 0.50));
      predict.put("handler_p99_us", micros(handlerNs, 0.99));
      predict.put("djl_p50_us", micros(djlNs, 0.50));
      predict.put("djl_p99_us", micros(djlNs, 0.99));
      predict.put("java_floor_p50_us", micros(javaNs, 0.50));
      predict.put("java_floor_p99_us", micros(javaNs, 0.99));
      predict.put("calls", calls);
      predict.put("ensemble_members", plain.members());
      predict.put("java_vs_djl_max_abs_diff", Math.max(Math.abs(djl.spend() - java.spend()),
          Math.abs(djl.churnProbability() - java.churnProbability())));
    } finally {
      LocalFiles.deleteRecursively(work);
    }
    Map<String, Object> coldStart = new LinkedHashMap<>();
    coldStart.put("pre_extracted", coldStart(true));
    coldStart.put("from_jar", coldStart(false));
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("predict", predict);
    result.put("cold_start_ms", coldStart);
    result.put("model_version", version.version());
    return result;
  }

  /**
   * The network ensemble inside a downloaded model: the model itself for versions before the forecaster
   * seam, else the first {@code ensemble.json} directory of the forecaster tree (a network or a blend with one).
   */
  private static LtvEnsemble networkIn(Path dir) {
    try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(dir)) {
      Path ensemble = files.filter(f -> f.getFileName().toString().equals("ensemble.json")).sorted().findFirst()
          .orElseThrow(() -> new IllegalStateException("the production model has no network to benchmark"));
      return LtvEnsemble.load(ensemble.getParent());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The production model, trained on {@code data} first when there is none. */
  private static ModelVersion trainedModel(LocalDeployment deployment, List<Path> data) {
    DynamoModelRegistry registry = new DynamoModelRegistry(AwsClients.dynamoDb(), LocalDeployment.MODEL_REGISTRY_TABLE);
    Optional<ModelVersion> production = registry.production(MODEL);
    if (production.isPresent()) {
      return production.get();
    }
    if (System.getProperty(AppConfig.TRAIN_MAX_EPOCHS) == null && System.getenv(AppConfig.TRAIN_MAX_EPOCHS) == null) {
      // Latency does not depend on how long the weights trained; the ensemble keeps its 5 members.
      System.setProperty(AppConfig.TRAIN_MAX_EPOCHS, "20");
    }
    new IngestStep(deployment).run(data);
    TrainingReport report = new TrainStep().run("1998-07-01", 273);
    System.out.printf("benchmark model %s: trained only to time serving, made production without the gate%n",
        report.modelVersion());
    if (!report.promoted()) {
      registry.promote(MODEL, report.modelVersion(), null);
    }
    return registry.find(MODEL, report.modelVersion()).orElseThrow();
  }

  private static long[] time(int calls, Supplier<Object> call) {
    int sink = 0;
    for (int i = 0; i < Math.max(5_000, calls / 4); i++) {
      sink += System.identityHashCode(call.get());
    }
    long[] ns = new long[calls];
    for (int i = 0; i < calls; i++) {
      long start = System.nanoTime();
      Object result = call.get();
      ns[i] = System.nanoTime() - start;
      sink += System.identityHashCode(result);
    }
    if (sink == 42) {
      System.err.print("");
    }
    Arrays.sort(ns);
    return ns;
  }

  private static double micros(long[] sortedNs, double quantile) {
    return Math.round(sortedNs[Math.min(sortedNs.length - 1, (int) (sortedNs.length * quantile))] / 100.0) / 10.0;
  }

  static APIGatewayV2HTTPEvent event(String body) {
    return APIGatewayV2HTTPEvent.builder().withVersion("2.0").withRouteKey("$default").withRawPath("/predict")
        .withHeaders(Map.of("content-type", "application/json")).withBody(body).withIsBase64Encoded(false)
        .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder().withRequestId("bench").withStage("$default")
            .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("POST").withPath("/predict")
                .build()).build())
        .build();
  }

  /**
   * Milliseconds from starting a fresh JVM to the first prediction it serves (engine init, model
   * download from S3, checksum, load, predict), measured by this process around the child.
   */
  private static long coldStart(boolean preExtracted) {
    Path cache = null;
    try {
      List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          // As the template's JAVA_TOOL_OPTIONS for every function.
          "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1"));
      for (String name : List.of("aws.endpointUrl", "aws.region", "aws.accessKeyId", "aws.secretAccessKey",
          AppConfig.DATA_BUCKET, AppConfig.FEATURE_TABLE, AppConfig.SCORE_TABLE, AppConfig.MODEL_REGISTRY_TABLE)) {
        if (System.getProperty(name) != null) {
          command.add("-D" + name + "=" + System.getProperty(name));
        }
      }
      command.addAll(List.of("-cp", System.getProperty("java.class.path"), ColdStartProbe.class.getName()));
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
      builder.environment().put("DJL_OFFLINE", "true");
      if (preExtracted) {
        builder.environment().put("PYTORCH_LIBRARY_PATH", libtorchDir().toString());
      } else {
        cache = Files.createTempDirectory("djl-cold-");
        builder.environment().remove("PYTORCH_LIBRARY_PATH");
        builder.environment().put("DJL_CACHE_DIR", cache.toString());
        builder.environment().put("ENGINE_CACHE_DIR", cache.toString());
      }
      long start = System.nanoTime();
      Process process = builder.start();
      try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = out.readLine()) != null; ) {
          if (line.startsWith(COLD_START_MARKER)) {
            long ms = (System.nanoTime() - start) / 1_000_000;
            if (!line.contains("status=200")) {
              throw new IllegalStateException("cold-start probe failed: " + line);
            }
            System.out.printf("cold start (%s): %d ms; %s%n", preExtracted ? "pre-extracted" : "from jar", ms, line);
            process.waitFor();
            return ms;
          }
        }
      }
      throw new IllegalStateException("cold-start probe exited with " + process.waitFor() + " before predicting");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } finally {
      if (cache != null) {
        LocalFiles.deleteRecursively(cache);
      }
    }
  }

  /** PYTORCH_LIBRARY_PATH if set, else the libtorch DJL extracted into its cache. */
  private static Path libtorchDir() throws IOException {
    String configured = System.getenv("PYTORCH_LIBRARY_PATH");
    if (configured != null) {
      return Path.of(configured);
    }
    Path pytorch = Path.of(System.getProperty("user.home"), ".djl.ai", "pytorch");
    try (var dirs = Files.list(pytorch)) {
      return dirs.filter(d -> Files.exists(d.resolve("libtorch.so"))).findFirst().orElseThrow(() ->
          new IllegalStateException("no extracted libtorch under " + pytorch + "; set PYTORCH_LIBRARY_PATH"));
    }
  }

  /** Features in hand: one customer in memory. */
  private record OneCustomer(double[] features, LocalDate asOf) implements FeatureStore {
    @Override
    public Optional<FeatureRecord> get(String customerId) {
      return Optional.of(new FeatureRecord(customerId, asOf, FeatureCalculator.SCHEMA.version(), features));
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

  /** The child JVM of a cold-start measurement: the real handler with its default wiring, one request. */
  static final class ColdStartProbe {
    private ColdStartProbe() {}

    public static void main(String[] args) {
      APIGatewayV2HTTPResponse response = new PredictFunction().handleRequest(event("{\"customer_id\": \"cold\","
          + " \"as_of\": \"1998-07-01\", \"transactions\": [{\"event_time\": \"1997-01-02\", \"amount\": 20.5},"
          + " {\"event_time\": \"1997-06-01\", \"amount\": 14}]}"), null);
      long jvmMs = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
      System.out.println(COLD_START_MARKER + "status=" + response.getStatusCode() + " in_jvm_ms=" + jvmMs);
      System.exit(response.getStatusCode() == 200 ? 0 : 1);
    }
  }
}
