package com.ltvforecast.config;

import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * The one configuration record, read once per execution environment from environment variables.
 *
 * <p>Every value is parsed strictly at init: a malformed value fails fast with an error naming the
 * variable. Values a function does not need may be absent; a function asks for them at init with
 * the {@code require*} methods, so it still fails before its first event.
 *
 * <p>Lambda's handlers read the process environment ({@link #fromEnvironment()}); the local runner
 * and the tests hand a function its configuration from a lookup ({@link #from(Map)}, {@link
 * #fromEnvironmentOr(Map)}). No system property is read.
 */
public record AppConfig(
    String dataBucket,
    String featureTable,
    String scoreTable,
    String modelRegistryTable,
    String modelName,
    int horizonDays,
    int curatedBuckets,
    IngestLimits ingestLimits,
    TrainingSettings training,
    ServingSettings serving,
    PrecomputeSettings precompute) {

  public static final String DATA_BUCKET = "DATA_BUCKET";
  public static final String FEATURE_TABLE = "FEATURE_TABLE";
  public static final String SCORE_TABLE = "SCORE_TABLE";
  public static final String MODEL_REGISTRY_TABLE = "MODEL_REGISTRY_TABLE";
  public static final String MODEL_NAME = "MODEL_NAME";
  public static final String HORIZON_DAYS = "HORIZON_DAYS";
  public static final String CURATED_BUCKETS = "CURATED_BUCKETS";
  public static final String INGEST_MAX_REJECTED_SHARE = "INGEST_MAX_REJECTED_SHARE";
  public static final String INGEST_MAX_OBJECT_BYTES = "INGEST_MAX_OBJECT_BYTES";
  public static final String INGEST_MAX_DECOMPRESSED_BYTES = "INGEST_MAX_DECOMPRESSED_BYTES";
  public static final String INGEST_MAX_LINE_CHARS = "INGEST_MAX_LINE_CHARS";
  public static final String INGEST_MAX_REJECTED_BYTES = "INGEST_MAX_REJECTED_BYTES";
  public static final String TRAIN_MAX_EPOCHS = "TRAIN_MAX_EPOCHS";
  public static final String TRAIN_TIME_BUDGET_SECONDS = "TRAIN_TIME_BUDGET_SECONDS";
  public static final String TRAIN_CUSTOMER_CAP = "TRAIN_CUSTOMER_CAP";
  public static final String TRAIN_MIN_CUSTOMERS = "TRAIN_MIN_CUSTOMERS";
  public static final String TRAIN_SELECTION_FOLDS = "TRAIN_SELECTION_FOLDS";
  public static final String TRAIN_SEED = "TRAIN_SEED";
  public static final String GATE_BGNBD_RMSE_TOLERANCE = "GATE_BGNBD_RMSE_TOLERANCE";
  public static final String GATE_REGRESSION_TOLERANCE = "GATE_REGRESSION_TOLERANCE";
  public static final String EVENT_BUS_NAME = "EVENT_BUS_NAME";
  public static final String MODEL_REFRESH_SECONDS = "MODEL_REFRESH_SECONDS";
  public static final String PREDICT_MAX_INSTANCES = "PREDICT_MAX_INSTANCES";
  public static final String PREDICT_MAX_TRANSACTIONS = "PREDICT_MAX_TRANSACTIONS";
  public static final String PREDICT_MAX_BODY_BYTES = "PREDICT_MAX_BODY_BYTES";
  public static final String PRECOMPUTE_QUEUE_URL = "PRECOMPUTE_QUEUE_URL";
  public static final String PRECOMPUTE_SHARDS = "PRECOMPUTE_SHARDS";
  public static final String SCORE_TTL_DAYS = "SCORE_TTL_DAYS";
  public static final String WRITES_IN_FLIGHT = "WRITES_IN_FLIGHT";
  public static final String WRITE_DEADLINE_SECONDS = "WRITE_DEADLINE_SECONDS";

  public AppConfig {
    if (horizonDays < 1 || horizonDays > 3650) {
      throw new ConfigException(HORIZON_DAYS + " must be between 1 and 3650, got " + horizonDays);
    }
    if (curatedBuckets < 1 || curatedBuckets > 4096) {
      throw new ConfigException(
          CURATED_BUCKETS + " must be between 1 and 4096, got " + curatedBuckets);
    }
    Objects.requireNonNull(ingestLimits, "ingestLimits");
    Objects.requireNonNull(training, "training");
    Objects.requireNonNull(serving, "serving");
    Objects.requireNonNull(precompute, "precompute");
    Objects.requireNonNull(modelName, "modelName");
  }

  /** Reads the process environment, as Lambda sets it from the template. */
  public static AppConfig fromEnvironment() {
    return from(System::getenv);
  }

  /**
   * Reads the process environment, and {@code fallback} for each variable it does not set: the
   * local runner's stack (bucket, tables, queue) and its per-command settings.
   */
  public static AppConfig fromEnvironmentOr(Map<String, String> fallback) {
    return from(
        name -> {
          String value = System.getenv(name);
          return value != null ? value : fallback.get(name);
        });
  }

  /** Reads only {@code values} (by variable name): a function configured explicitly. */
  public static AppConfig from(Map<String, String> values) {
    return from(values::get);
  }

  /** Reads from any lookup, for tests. Blank values count as absent. */
  public static AppConfig from(UnaryOperator<String> lookup) {
    EnvReader env = new EnvReader(lookup);
    return new AppConfig(
        env.string(DATA_BUCKET),
        env.string(FEATURE_TABLE),
        env.string(SCORE_TABLE),
        env.string(MODEL_REGISTRY_TABLE),
        env.stringOr(MODEL_NAME, "ltv"),
        env.intOr(HORIZON_DAYS, 90),
        env.intOr(CURATED_BUCKETS, 64),
        new IngestLimits(
            env.doubleOr(INGEST_MAX_REJECTED_SHARE, 0.05),
            env.longOr(INGEST_MAX_OBJECT_BYTES, 5L * 1024 * 1024 * 1024),
            env.longOr(INGEST_MAX_DECOMPRESSED_BYTES, 20L * 1024 * 1024 * 1024),
            env.intOr(INGEST_MAX_LINE_CHARS, 64 * 1024),
            env.longOr(INGEST_MAX_REJECTED_BYTES, IngestLimits.DEFAULT_MAX_REJECTED_BYTES)),
        new TrainingSettings(
            env.intOr(TRAIN_MAX_EPOCHS, 300),
            env.intOr(TRAIN_TIME_BUDGET_SECONDS, 540),
            env.intOr(TRAIN_CUSTOMER_CAP, 250_000),
            env.intOr(TRAIN_MIN_CUSTOMERS, 200),
            env.doubleOr(GATE_BGNBD_RMSE_TOLERANCE, 0.05),
            env.doubleOr(GATE_REGRESSION_TOLERANCE, 0.05),
            env.stringOr(EVENT_BUS_NAME, "default"),
            env.intOr(TRAIN_SELECTION_FOLDS, TrainingSettings.DEFAULT_SELECTION_FOLDS),
            env.intOr(TRAIN_SEED, TrainingSettings.DEFAULT_SEED)),
        new ServingSettings(
            env.intOr(MODEL_REFRESH_SECONDS, 60),
            env.intOr(PREDICT_MAX_INSTANCES, 100),
            env.intOr(PREDICT_MAX_TRANSACTIONS, 10_000),
            env.intOr(PREDICT_MAX_BODY_BYTES, 1024 * 1024)),
        new PrecomputeSettings(
            env.string(PRECOMPUTE_QUEUE_URL),
            env.intOr(PRECOMPUTE_SHARDS, 1),
            env.intOr(SCORE_TTL_DAYS, 7),
            env.intOr(WRITES_IN_FLIGHT, 4),
            env.intOr(WRITE_DEADLINE_SECONDS, 300)));
  }

  public String requireDataBucket() {
    return require(DATA_BUCKET, dataBucket);
  }

  public String requireFeatureTable() {
    return require(FEATURE_TABLE, featureTable);
  }

  public String requireScoreTable() {
    return require(SCORE_TABLE, scoreTable);
  }

  public String requireModelRegistryTable() {
    return require(MODEL_REGISTRY_TABLE, modelRegistryTable);
  }

  private static String require(String name, String value) {
    if (value == null) {
      throw new ConfigException("environment variable " + name + " is required but not set");
    }
    return value;
  }

  private record EnvReader(UnaryOperator<String> lookup) {
    String string(String name) {
      String value = lookup.apply(name);
      return value == null || value.isBlank() ? null : value.trim();
    }

    String stringOr(String name, String fallback) {
      String value = string(name);
      return value == null ? fallback : value;
    }

    int intOr(String name, int fallback) {
      String value = string(name);
      if (value == null) {
        return fallback;
      }
      try {
        return Integer.parseInt(value);
      } catch (NumberFormatException e) {
        throw new ConfigException(name + " must be an integer, got '" + value + "'");
      }
    }

    long longOr(String name, long fallback) {
      String value = string(name);
      if (value == null) {
        return fallback;
      }
      try {
        return Long.parseLong(value);
      } catch (NumberFormatException e) {
        throw new ConfigException(name + " must be an integer, got '" + value + "'");
      }
    }

    double doubleOr(String name, double fallback) {
      String value = string(name);
      if (value == null) {
        return fallback;
      }
      try {
        double parsed = Double.parseDouble(value);
        if (!Double.isFinite(parsed)) {
          throw new NumberFormatException();
        }
        return parsed;
      } catch (NumberFormatException e) {
        throw new ConfigException(name + " must be a finite number, got '" + value + "'");
      }
    }
  }
}
