package com.ltvforecast.observability;

import java.util.Map;
import software.amazon.cloudwatchlogs.emf.config.EnvironmentConfigurationProvider;
import software.amazon.cloudwatchlogs.emf.environment.Environments;
import software.amazon.cloudwatchlogs.emf.logger.MetricsLogger;
import software.amazon.cloudwatchlogs.emf.model.DimensionSet;
import software.amazon.cloudwatchlogs.emf.model.Unit;

/**
 * CloudWatch metrics in Embedded Metric Format, written by the maintained
 * {@code aws-embedded-metrics} library (one JSON log line per flush).
 *
 * <p>Outside Lambda the library would otherwise probe the EC2 metadata service to find its
 * environment; we pin it to the local (stdout) sink unless an environment is set explicitly.
 */
public final class Metrics {

  public static final String NAMESPACE = "LtvForecast";

  static {
    if (System.getenv("AWS_LAMBDA_FUNCTION_NAME") == null
        && System.getenv("AWS_EMF_ENVIRONMENT") == null) {
      EnvironmentConfigurationProvider.getConfig().setEnvironmentOverride(Environments.Local);
    }
  }

  private final MetricsLogger logger;
  private final String function;

  private Metrics(String function) {
    this.function = function;
    this.logger = new MetricsLogger();
    try {
      logger.setNamespace(NAMESPACE);
      logger.setDimensions(DimensionSet.of("Function", function));
    } catch (Exception e) {
      throw new IllegalStateException("invalid metric namespace or dimension: " + function, e);
    }
  }

  /** Starts a batch of metrics for one function; call {@link #flush()} once at the end. */
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
   * Also reports every metric of this batch under {@code Function + name}, e.g. errors by
   * {@code ErrorCode}; the {@code Function}-only aggregate stays. Keep values low-cardinality.
   */
  public Metrics dimension(String name, String value) {
    try {
      logger.putDimensions(DimensionSet.of("Function", function, name, value));
    } catch (Exception e) {
      throw new IllegalArgumentException("invalid metric dimension " + name + "=" + value, e);
    }
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

  public void flush() {
    logger.flush();
  }

  private Metrics put(String name, double value, Unit unit) {
    try {
      logger.putMetric(name, value, unit);
    } catch (Exception e) {
      throw new IllegalArgumentException("invalid metric " + name + "=" + value, e);
    }
    return this;
  }
}
