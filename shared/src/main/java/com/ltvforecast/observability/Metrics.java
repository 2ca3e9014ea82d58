package com.ltvforecast.observability;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.cloudwatchlogs.emf.config.Configuration;
import software.amazon.cloudwatchlogs.emf.config.EnvironmentConfigurationProvider;
import software.amazon.cloudwatchlogs.emf.environment.Environment;
import software.amazon.cloudwatchlogs.emf.logger.MetricsLogger;
import software.amazon.cloudwatchlogs.emf.model.DimensionSet;
import software.amazon.cloudwatchlogs.emf.model.MetricsContext;
import software.amazon.cloudwatchlogs.emf.model.Unit;
import software.amazon.cloudwatchlogs.emf.sinks.ISink;

/**
 * CloudWatch metrics in Embedded Metric Format, written by the maintained {@code
 * aws-embedded-metrics} library (one JSON log line per flush).
 *
 * <p>In Lambda the library's Lambda environment prints each line on stdout, where CloudWatch reads
 * it. Elsewhere (tests, the local runner) each line goes, unchanged, to the SLF4J logger {@value
 * #EMF_LOGGER}, so the logging configuration decides where metrics go (stdout in the functions'
 * configuration, a file in the local runner's) and the library neither probes the EC2 metadata
 * service nor logs its "Unknown name" guesses.
 */
public final class Metrics {

  public static final String NAMESPACE = "LtvForecast";

  /** The logger that receives EMF lines outside Lambda. */
  public static final String EMF_LOGGER = "ltv.metrics";

  static final String SERVICE_NAME = "ltv-forecast";

  private static final boolean IN_LAMBDA =
      System.getenv("AWS_LAMBDA_FUNCTION_NAME") != null
          || System.getenv("AWS_EMF_ENVIRONMENT") != null;
  private static final Environment LOGGED =
      new LoggedEnvironment(LoggerFactory.getLogger(EMF_LOGGER));

  static {
    Configuration config = EnvironmentConfigurationProvider.getConfig();
    if (config.getServiceName().isEmpty()) {
      config.setServiceName(SERVICE_NAME);
    }
    if (config.getServiceType().isEmpty()) {
      config.setServiceType(IN_LAMBDA ? "AWS::Lambda::Function" : "Local");
    }
  }

  /** At most this many {@link #dimension} sets are kept for reuse; more are built each time. */
  private static final int CACHED_DIMENSIONS = 64;

  private final MetricsLogger logger;
  private final String function;
  private final DimensionSet functionOnly;
  private final Map<String, DimensionSet> dimensions = new HashMap<>();

  private Metrics(String function) {
    this.function = function;
    this.logger = IN_LAMBDA ? new MetricsLogger() : new MetricsLogger(LOGGED);
    try {
      logger.setNamespace(NAMESPACE);
      functionOnly = DimensionSet.of("Function", function);
      logger.setDimensions(functionOnly);
    } catch (Exception e) {
      throw new IllegalStateException("invalid metric namespace or dimension: " + function, e);
    }
  }

  /**
   * Starts a batch of metrics for one function; call {@link #flush()} once at the end. After a
   * flush the same instance takes the next batch (a request handler keeps one, which saves the
   * library's logger, namespace check and dimension sets per request); it is not thread-safe.
   */
  public static Metrics forFunction(String function) {
    return new Metrics(function);
  }

  public Metrics count(String name, double value) {
    return put(name, value, Unit.COUNT);
  }

  public Metrics bytes(String name, double value) {
    return put(name, value, Unit.BYTES);
  }

  public Metrics millis(String name, double value) {
    return put(name, value, Unit.MILLISECONDS);
  }

  public Metrics seconds(String name, double value) {
    return put(name, value, Unit.SECONDS);
  }

  public Metrics none(String name, double value) {
    return put(name, value, Unit.NONE);
  }

  /**
   * Also reports every metric of this batch under {@code Function + name}, e.g. errors by {@code
   * ErrorCode}; the {@code Function}-only aggregate stays. Keep values low-cardinality.
   */
  public Metrics dimension(String name, String value) {
    String key = name + '\u0000' + value;
    DimensionSet set = dimensions.get(key);
    if (set == null) {
      try {
        set = DimensionSet.of("Function", function, name, value);
      } catch (Exception e) {
        throw new IllegalArgumentException("invalid metric dimension " + name + "=" + value, e);
      }
      if (dimensions.size() < CACHED_DIMENSIONS) {
        dimensions.put(key, set);
      }
    }
    logger.putDimensions(set);
    return this;
  }

  /** Adds a searchable property to the log line, not a metric. */
  public Metrics property(String key, Object value) {
    logger.putProperty(key, value);
    return this;
  }

  public Metrics properties(Map<String, ?> values) {
    values.forEach(logger::putProperty);
    return this;
  }

  /**
   * Writes this batch as one EMF line and starts the next: no metrics or properties, the {@code
   * Function} dimension alone.
   */
  public void flush() {
    logger.flush();
    logger.setDimensions(functionOnly);
  }

  private Metrics put(String name, double value, Unit unit) {
    try {
      logger.putMetric(name, value, unit);
    } catch (Exception e) {
      throw new IllegalArgumentException("invalid metric " + name + "=" + value, e);
    }
    return this;
  }

  /** An EMF environment whose sink hands each serialized line to an SLF4J logger. */
  private record LoggedEnvironment(Logger log) implements Environment {

    @Override
    public boolean probe() {
      return true;
    }

    @Override
    public String getName() {
      return SERVICE_NAME;
    }

    @Override
    public String getType() {
      return "Local";
    }

    @Override
    public String getLogGroupName() {
      return SERVICE_NAME + "-metrics";
    }

    @Override
    public void configureContext(MetricsContext context) {
      // Nothing to add outside AWS.
    }

    @Override
    public ISink getSink() {
      return new ISink() {
        @Override
        public void accept(MetricsContext context) {
          try {
            context.serialize().forEach(log::info);
          } catch (JsonProcessingException e) {
            log.warn("metrics not serialised: {}", e.getMessage());
          }
        }

        @Override
        public CompletableFuture<Void> shutdown() {
          return CompletableFuture.completedFuture(null);
        }
      };
    }
  }
}
