package com.ltvforecast.registry;

import com.ltvforecast.btyd.BgNbdParams;
import com.ltvforecast.btyd.GammaGammaParams;
import com.ltvforecast.drift.BinnedDistribution;
import com.ltvforecast.evaluation.SpendChurnMetrics;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * {@code metadata.json} beside a model's artifacts: everything needed to reproduce, audit and serve
 * it. Serving rebuilds input rows from {@code inputNames}, {@code horizonDays} and the BTYD
 * parameters.
 *
 * @param trainingDistribution per feature (schema name), the binned distribution over the training
 *     customers' features, the reference of precompute's drift check; null in models trained before
 *     it
 * @param forecasterKind the artifact kind served (network, btyd, blend); null in versions before
 *     the seam
 * @param selection which candidate serves each head and why: {@code spend_from}, {@code
 *     churn_from}, the weights, the decisions and the out-of-fold metrics they were made on
 * @param candidateMetrics each candidate's metrics on the validation customers
 */
public record ModelMetadata(
    String modelName,
    String version,
    LocalDate runDate,
    LocalDate asOf,
    int horizonDays,
    int featureSchemaVersion,
    List<String> inputNames,
    BgNbdParams bgnbdParams,
    GammaGammaParams gammaGammaParams,
    Instant trainedAt,
    List<SnapshotEntry> dataSnapshot,
    Map<String, Object> hyperparameters,
    Map<String, String> libraryVersions,
    int eligibleCustomers,
    double sampleShare,
    int trainCustomers,
    int validationCustomers,
    List<Integer> epochsRun,
    List<Integer> bestEpochs,
    Map<String, SpendChurnMetrics> metrics,
    boolean promoted,
    List<String> reasons,
    Map<String, BinnedDistribution> trainingDistribution,
    String forecasterKind,
    Map<String, Object> selection,
    Map<String, SpendChurnMetrics> candidateMetrics) {

  /** One manifest the training data came from. */
  public record SnapshotEntry(String sourceKey, String etag, String versionId, long rows) {}
}
