package com.ltvforecast.registry;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One registered model version.
 *
 * @param artifactPrefix where its artifacts live: {@code models/<name>/<version>/}
 * @param checksum SHA-256 of the artifact files, verified by every loader before use
 * @param metrics flat metric map, e.g. {@code model.spend_rmse}
 * @param reasons why the gate rejected it, empty when promoted
 */
public record ModelVersion(
    String modelName,
    String version,
    Status status,
    String artifactPrefix,
    String checksum,
    Instant createdAt,
    Map<String, Double> metrics,
    List<String> reasons) {

  /**
   * Lifecycle of a version. Production is decided by the registry's pointer, not by this field
   * alone.
   */
  public enum Status {
    CANDIDATE,
    PRODUCTION,
    REJECTED,
    ARCHIVED
  }

  public ModelVersion {
    Objects.requireNonNull(modelName, "modelName");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(status, "status");
    metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
    reasons = reasons == null ? List.of() : List.copyOf(reasons);
  }

  public ModelVersion withStatus(Status newStatus, List<String> newReasons) {
    return new ModelVersion(
        modelName, version, newStatus, artifactPrefix, checksum, createdAt, metrics, newReasons);
  }
}
