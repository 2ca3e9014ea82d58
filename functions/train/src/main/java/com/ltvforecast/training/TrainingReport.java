package com.ltvforecast.training;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.ltvforecast.btyd.BgNbdParams;
import com.ltvforecast.evaluation.SpendChurnMetrics;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a training run did; the local runner's report section {@code training}.
 *
 * @param metrics validation metrics: {@code model} (the promoted policy, when there is one), {@code
 *     bgnbd}, {@code naive} and {@code production}; in JSON, {@code metrics.candidates.<name>}
 *     holds {@code candidateMetrics}
 * @param candidateMetrics each candidate's (and the blend's) validation metrics
 * @param selected the candidate (or "blend") serving each head: {@code spend}, {@code churn}
 * @param explanation one paragraph: what was served and why, or why the run was rejected
 * @param selectionMetrics the out-of-fold metrics on training customers that selection and the gate
 *     used
 * @param selectionDecisions one sentence per selection decision
 * @param candidateFailures candidates that could not be fitted, with the error
 * @param artifactPrefix where the version's artifacts are ({@code evaluation.json}, {@code
 *     evaluation.html})
 */
public record TrainingReport(
    String modelVersion,
    boolean promoted,
    List<String> reasons,
    LocalDate asOf,
    int horizonDays,
    int trainCustomers,
    int validationCustomers,
    double seconds,
    @JsonIgnore Map<String, SpendChurnMetrics> metrics,
    BgNbdParams bgnbdParams,
    @JsonIgnore Map<String, SpendChurnMetrics> candidateMetrics,
    Map<String, String> selected,
    String explanation,
    Map<String, SpendChurnMetrics> selectionMetrics,
    List<String> selectionDecisions,
    Map<String, String> candidateFailures,
    String artifactPrefix) {

  /** The JSON form of {@code metrics}: the named metrics plus {@code candidates}. */
  @JsonProperty("metrics")
  public Map<String, Object> metricsJson() {
    Map<String, Object> m = new LinkedHashMap<>(metrics);
    if (candidateMetrics != null && !candidateMetrics.isEmpty()) {
      m.put("candidates", candidateMetrics);
    }
    return m;
  }
}
