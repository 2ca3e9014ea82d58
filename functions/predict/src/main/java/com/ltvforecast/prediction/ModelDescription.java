package com.ltvforecast.prediction;

import com.ltvforecast.evaluation.SpendChurnMetrics;
import com.ltvforecast.features.FeatureDefinition;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** {@code GET /model}: the production model in use. */
public record ModelDescription(
    String modelName,
    String version,
    Instant trainedAt,
    Instant loadedAt,
    LocalDate trainingAsOf,
    int horizonDays,
    Map<String, SpendChurnMetrics> metrics,
    FeatureSchemaView featureSchema,
    List<String> modelInputs) {

  /** The feature schema the model reads, with each feature's meaning. */
  public record FeatureSchemaView(int version, List<FeatureDefinition> features) {}
}
