package com.ltvforecast.training;

import com.ltvforecast.evaluation.Charts;
import com.ltvforecast.evaluation.SpendChurnMetrics;
import com.ltvforecast.features.FeatureCalculator;
import com.ltvforecast.model.Predictions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The content of {@code evaluation.json}, which {@code evaluation.html} renders. */
final class EvaluationDocument {

  static final int DECILES = 10;
  static final int RELIABILITY_BINS = 10;
  private static final int FREQUENCY = FeatureCalculator.SCHEMA.indexOf("frequency");

  private EvaluationDocument() {}

  static Map<String, Object> build(
      String version,
      boolean promoted,
      List<String> reasons,
      String explanation,
      TrainingPipeline.Fitted fitted,
      TrainingPipeline.Scored scored,
      Map<String, SpendChurnMetrics> metrics,
      Map<String, SpendChurnMetrics> candidateMetrics,
      Map<String, Object> selection,
      int folds) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("model_version", version);
    doc.put("promoted", promoted);
    doc.put("reasons", reasons);
    doc.put("explanation", explanation);
    doc.put("validation_customers", fitted.validationRows.length);
    doc.put("training_customers", fitted.trainRows.length);
    doc.put("folds", folds);
    doc.put("selected", fitted.selected());
    Map<String, Object> m = new LinkedHashMap<>(metrics);
    m.put("candidates", candidateMetrics);
    doc.put("metrics", m);
    doc.put("selection", selection);
    TrainingSet.RowData rows = scored.rows();
    Map<String, Object> deciles = new LinkedHashMap<>();
    Map<String, Object> reliability = new LinkedHashMap<>();
    for (String name : List.of("model", "bgnbd")) {
      Predictions p = scored.predictions().get(name);
      if (p != null) {
        deciles.put(name, Charts.deciles(p.spend(), rows.spend(), DECILES));
        reliability.put(
            name, Charts.reliability(p.churnProbability(), rows.churned(), RELIABILITY_BINS));
      }
    }
    doc.put("charts", Map.of("deciles", deciles, "reliability", reliability));
    boolean[] oneTime = new boolean[rows.size()];
    boolean[] repeaters = new boolean[rows.size()];
    for (int i = 0; i < oneTime.length; i++) {
      oneTime[i] = rows.features()[i][FREQUENCY] == 0;
      repeaters[i] = !oneTime[i];
    }
    Map<String, Object> segments = new LinkedHashMap<>();
    segments.put("one_time", segment(scored, oneTime));
    segments.put("repeaters", segment(scored, repeaters));
    doc.put("segments", segments);
    return doc;
  }

  private static Map<String, Object> segment(TrainingPipeline.Scored scored, boolean[] in) {
    Map<String, Object> s = new LinkedHashMap<>();
    int count = 0;
    for (boolean b : in) {
      count += b ? 1 : 0;
    }
    s.put("customers", count);
    for (String name : List.of("model", "bgnbd", "naive")) {
      Predictions p = scored.predictions().get(name);
      if (p != null && count > 0) {
        s.put(
            name,
            Charts.subset(
                p.spend(),
                scored.rows().spend(),
                p.churnProbability(),
                scored.rows().churned(),
                in));
      }
    }
    return s;
  }
}
