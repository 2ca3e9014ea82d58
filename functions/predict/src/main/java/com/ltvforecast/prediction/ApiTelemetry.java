package com.ltvforecast.prediction;

import com.ltvforecast.observability.Metrics;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One structured log line and one EMF record per request. Metrics: {@code Latency} and {@code
 * Requests} (also by {@code ModelVersion}, which shows the version in use), {@code Errors} by
 * {@code ErrorCode}, and {@code ModelAge} (seconds since the serving model was trained).
 */
final class ApiTelemetry {

  private static final Logger LOG = LoggerFactory.getLogger(PredictFunction.class);

  private final ModelHolder models;
  private final Clock clock;

  /** One batch a request, reused: guarded by {@code this}. */
  private final Metrics metrics = Metrics.forFunction(PredictFunction.NAME);

  ApiTelemetry(ModelHolder models, Clock clock) {
    this.models = models;
    this.clock = clock;
  }

  void record(ApiRequest request, ApiResponse response, long nanos) {
    double millis = nanos / 1e6;
    ModelHolder.LoadedModel model = models.peek().orElse(null);
    String version =
        response.modelVersion() != null
            ? response.modelVersion()
            : model == null ? null : model.version();
    LOG.atInfo()
        .addKeyValue("request_id", request.requestId())
        .addKeyValue("route", response.route())
        .addKeyValue("method", request.method())
        .addKeyValue("status", response.status())
        .addKeyValue("error", response.errorCode())
        .addKeyValue("model_version", version)
        .addKeyValue("latency_ms", Math.round(millis * 1000) / 1000.0)
        .log("request");
    synchronized (this) {
      emit(request, response, millis, model);
    }
  }

  private void emit(
      ApiRequest request, ApiResponse response, double millis, ModelHolder.LoadedModel model) {
    metrics
        .millis("Latency", millis)
        .count("Requests", 1)
        .count("Errors", response.errorCode() == null ? 0 : 1)
        .property("request_id", request.requestId())
        .property("route", response.route())
        .property("status", response.status());
    if (response.errorCode() != null) {
      metrics.dimension("ErrorCode", response.errorCode());
    }
    if (model != null) {
      metrics.dimension("ModelVersion", model.version());
      if (model.trainedAt() != null) {
        metrics.seconds(
            "ModelAge", Duration.between(model.trainedAt(), clock.instant()).toSeconds());
      }
    }
    metrics.flush();
  }
}
