package com.ltvforecast.prediction;

import com.ltvforecast.aws.AwsClients;
import com.ltvforecast.config.AppConfig;
import com.ltvforecast.dynamo.BatchWriter;
import com.ltvforecast.features.CustomerHistories;
import com.ltvforecast.features.CustomerHistory;
import com.ltvforecast.features.FeatureCalculator;
import com.ltvforecast.featurestore.DynamoFeatureStore;
import com.ltvforecast.featurestore.FeatureRecord;
import com.ltvforecast.featurestore.FeatureStore;
import com.ltvforecast.model.Prediction;
import com.ltvforecast.model.Predictions;
import com.ltvforecast.registry.DynamoModelRegistry;
import com.ltvforecast.registry.ModelArtifacts;
import com.ltvforecast.registry.ModelMetadata;
import com.ltvforecast.scores.DynamoScoreStore;
import com.ltvforecast.scores.Score;
import com.ltvforecast.scores.ScoreStore;
import com.ltvforecast.serving.ServingModel;
import com.ltvforecast.storage.S3ObjectStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Scores customers with the production model: from the online feature store, or from transactions
 * in the request through the same feature code as training and precompute. No HTTP in here.
 */
public final class PredictionService {

  private static final List<String> FEATURE_NAMES = FeatureCalculator.SCHEMA.names();

  private final FeatureStore features;
  private final ScoreStore scores;
  private final ModelHolder models;

  public PredictionService(FeatureStore features, ScoreStore scores, ModelHolder models) {
    this.features = Objects.requireNonNull(features, "features");
    this.scores = Objects.requireNonNull(scores, "scores");
    this.models = Objects.requireNonNull(models, "models");
  }

  /**
   * The deployed wiring: the feature and score tables and the model registry in DynamoDB, the model
   * artifacts in the data bucket, models cached under the temporary directory.
   */
  public static PredictionService fromConfig(AppConfig config, DynamoDbClient dynamo, Clock clock) {
    return new PredictionService(
        new DynamoFeatureStore(
            dynamo,
            new BatchWriter(dynamo, 1, Duration.ofSeconds(10)),
            config.requireFeatureTable()),
        new DynamoScoreStore(
            dynamo, new BatchWriter(dynamo, 1, Duration.ofSeconds(10)), config.requireScoreTable()),
        new ModelHolder(
            new DynamoModelRegistry(dynamo, config.requireModelRegistryTable()),
            new ModelArtifacts(new S3ObjectStore(AwsClients.s3(), config.requireDataBucket())),
            config.modelName(),
            Duration.ofSeconds(config.serving().modelRefreshSeconds()),
            Path.of(System.getProperty("java.io.tmpdir")),
            clock));
  }

  public ModelHolder models() {
    return models;
  }

  /** The precomputed score, or {@link CustomerNotFoundException}. */
  public CustomerScore score(String customerId) {
    Score s =
        scores
            .get(customerId)
            .orElseThrow(
                () ->
                    new CustomerNotFoundException(
                        "no precomputed score for customer '" + customerId + "'"));
    return new CustomerScore(
        s.customerId(),
        s.ltv(),
        s.churnProbability(),
        s.horizonDays(),
        s.asOf(),
        s.modelVersion(),
        s.scoredAt());
  }

  /** Scores every instance in one batched model call. */
  public List<CustomerPrediction> predict(PredictCommand command) {
    try (ModelHolder.Lease lease =
        models
            .acquire()
            .orElseThrow(() -> new ModelUnavailableException(models.unavailableReason()))) {
      ServingModel model = lease.model();
      List<PredictCommand.Instance> instances = command.instances();
      int n = instances.size();
      double[][] rows = new double[n][];
      LocalDate[] asOf = new LocalDate[n];
      for (int i = 0; i < n; i++) {
        String where = command.batch() ? "instances[" + i + "]: " : "";
        if (instances.get(i) instanceof PredictCommand.FromTransactions given) {
          rows[i] = computedFeatures(given, where);
          asOf[i] = given.asOf();
        } else {
          FeatureRecord record = storedFeatures(instances.get(i).customerId(), where);
          rows[i] = record.values();
          asOf[i] = record.asOf();
        }
      }
      List<CustomerPrediction> out = new ArrayList<>(n);
      if (n == 1) {
        out.add(result(instances.get(0), rows[0], asOf[0], model.predict(rows[0]), model));
      } else {
        Predictions predictions = model.predict(rows);
        for (int i = 0; i < n; i++) {
          out.add(result(instances.get(i), rows[i], asOf[i], predictions.get(i), model));
        }
      }
      return out;
    }
  }

  /** The production model in use, loading it first if needed. */
  public ModelDescription describeModel() {
    try (ModelHolder.Lease lease =
        models
            .acquire()
            .orElseThrow(() -> new ModelUnavailableException(models.unavailableReason()))) {
      ModelMetadata m = lease.model().metadata();
      return new ModelDescription(
          m.modelName(),
          m.version(),
          m.trainedAt(),
          lease.loadedAt(),
          m.asOf(),
          m.horizonDays(),
          m.metrics(),
          new ModelDescription.FeatureSchemaView(
              FeatureCalculator.SCHEMA.version(), FeatureCalculator.SCHEMA.features()),
          m.inputNames());
    }
  }

  /** Healthy when a model is loaded (loading it first if needed). */
  public Health health() {
    try (ModelHolder.Lease lease =
        models
            .acquire()
            .orElseThrow(() -> new ModelUnavailableException(models.unavailableReason()))) {
      return new Health("ok", lease.model().version(), lease.loadedAt());
    }
  }

  private FeatureRecord storedFeatures(String customerId, String where) {
    FeatureRecord record =
        features
            .get(customerId)
            .orElseThrow(
                () ->
                    new CustomerNotFoundException(
                        where
                            + "no stored features for customer '"
                            + customerId
                            + "'; send its transactions instead"));
    if (record.schemaVersion() != FeatureCalculator.SCHEMA.version()) {
      throw new StoredFeaturesUnusableException(
          where
              + "stored features of customer '"
              + customerId
              + "' use feature schema v"
              + record.schemaVersion()
              + ", the model reads v"
              + FeatureCalculator.SCHEMA.version()
              + "; send its transactions instead");
    }
    double[] values = record.values();
    boolean finite = values.length == FeatureCalculator.SCHEMA.size();
    for (int i = 0; finite && i < values.length; i++) {
      finite = Double.isFinite(values[i]);
    }
    if (!finite) {
      throw new StoredFeaturesUnusableException(
          where
              + "stored features of customer '"
              + customerId
              + "' are incomplete or not finite; send its transactions instead");
    }
    return record;
  }

  private static double[] computedFeatures(PredictCommand.FromTransactions given, String where) {
    CustomerHistories histories = new CustomerHistories();
    histories.addAll(given.transactions());
    CustomerHistory history =
        histories
            .history(given.customerId())
            .orElseGet(() -> new CustomerHistory(given.customerId(), new int[0], new double[0]));
    if (!FeatureCalculator.isEligible(history, given.asOf())) {
      throw new CustomerNotEligibleException(
          where
              + "customer '"
              + given.customerId()
              + "' has no purchase before as_of "
              + given.asOf()
              + ", so there is nothing to forecast from");
    }
    return FeatureCalculator.features(history, given.asOf()).values();
  }

  private static CustomerPrediction result(
      PredictCommand.Instance instance,
      double[] row,
      LocalDate asOf,
      Prediction prediction,
      ServingModel model) {
    Map<String, Double> explained = null;
    if (instance.explain()) {
      explained = new LinkedHashMap<>();
      for (int i = 0; i < row.length; i++) {
        explained.put(FEATURE_NAMES.get(i), row[i]);
      }
    }
    return new CustomerPrediction(
        instance.customerId(),
        prediction.spend(),
        prediction.churnProbability(),
        model.horizonDays(),
        asOf,
        model.version(),
        explained);
  }
}
