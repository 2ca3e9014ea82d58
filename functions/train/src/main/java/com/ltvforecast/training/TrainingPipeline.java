package com.ltvforecast.training;

import com.ltvforecast.config.TrainingSettings;
import com.ltvforecast.evaluation.SpendChurnEvaluator;
import com.ltvforecast.evaluation.SpendChurnMetrics;
import com.ltvforecast.forecast.BlendForecaster;
import com.ltvforecast.forecast.BtydCandidate;
import com.ltvforecast.forecast.BtydForecaster;
import com.ltvforecast.forecast.Candidate;
import com.ltvforecast.forecast.FitContext;
import com.ltvforecast.forecast.FitData;
import com.ltvforecast.forecast.Forecaster;
import com.ltvforecast.model.EpochListener;
import com.ltvforecast.model.Predictions;
import com.ltvforecast.model.TrainingOptions;
import com.ltvforecast.selection.Folds;
import com.ltvforecast.selection.Selector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model-building part of a run, with no storage: fit every candidate cross-fitted on the
 * training customers, select per head and gate on their out-of-fold predictions, and assemble the
 * served policy. {@link TrainingService} wraps it with reading, publishing and promotion; the local
 * backtest runs it once per held-out fold.
 */
public final class TrainingPipeline {

  private static final Logger LOG = LoggerFactory.getLogger(TrainingPipeline.class);

  private final List<Candidate> candidates;
  private final TrainingSettings settings;
  private final TrainingOptions options;
  private final EpochListener progress;

  public TrainingPipeline(
      List<Candidate> candidates,
      TrainingSettings settings,
      TrainingOptions options,
      EpochListener progress) {
    this.candidates = List.copyOf(candidates);
    this.settings = settings;
    this.options =
        options
            .withSeed(settings.seed())
            .withMaxEpochs(Math.min(options.maxEpochs(), settings.maxEpochs()));
    this.progress = progress;
  }

  public TrainingOptions options() {
    return options;
  }

  /** The fitted candidates, the selection and the policy of one run. Closing frees every model. */
  public static final class Fitted implements AutoCloseable {
    final List<String> names = new ArrayList<>();
    final Map<String, Forecaster> models = new LinkedHashMap<>();
    final Map<String, String> failures = new LinkedHashMap<>();
    final Map<String, Double> fitSeconds = new LinkedHashMap<>();
    final int[] trainRows;
    final int[] validationRows;
    Selector.Selection selection;
    Forecaster policy;
    BlendForecaster blend;

    Fitted(int[] trainRows, int[] validationRows) {
      this.trainRows = trainRows;
      this.validationRows = validationRows;
    }

    /** The BG/NBD + Gamma-Gamma candidate, when it could be fitted. */
    BtydForecaster bgnbd() {
      return models.get(BtydCandidate.NAME) instanceof BtydForecaster b ? b : null;
    }

    boolean passed() {
      return policy != null && selection.passed();
    }

    /** Which candidate serves each head. */
    Map<String, String> selected() {
      Map<String, String> s = new LinkedHashMap<>();
      if (selection.spendFrom() != null) {
        s.put("spend", selection.spendFrom());
      }
      if (selection.churnFrom() != null) {
        s.put("churn", selection.churnFrom());
      }
      return s;
    }

    /** Candidate name (and "blend") to forecaster, for scoring. */
    Map<String, Forecaster> scorable() {
      Map<String, Forecaster> all = new LinkedHashMap<>(models);
      if (blend != null) {
        all.put(Selector.BLEND, blend);
      }
      return all;
    }

    @Override
    public void close() {
      models.values().forEach(Forecaster::close);
    }
  }

  /**
   * @param validation per row of {@code set}, true for the held-out customers: never fitted,
   *     early-stopped or selected on
   */
  public Fitted fit(TrainingSet set, boolean[] validation) {
    int[] train = FitData.indices(set.size(), i -> !validation[i]);
    int[] held = FitData.indices(set.size(), i -> validation[i]);
    Fitted fitted = new Fitted(train, held);
    TrainingSet.RowData rows = set.rows(train);
    List<String> ids = new ArrayList<>();
    for (int i : train) {
      ids.add(set.customerIds.get(i));
    }
    int folds = settings.selectionFolds();
    int[] fold = Folds.assign(ids, folds);
    FitData data = new FitData(rows.features(), rows.spend(), rows.churned());
    FitContext context =
        new FitContext(
            set.horizonDays,
            settings.seed(),
            options,
            Duration.ofSeconds(settings.timeBudgetSeconds()),
            progress);
    List<Selector.Oof> oof = new ArrayList<>();
    try {
      for (Candidate candidate : candidates) {
        long started = System.nanoTime();
        try {
          Candidate.CrossFit cf = candidate.crossFit(data, fold, folds, context);
          fitted.names.add(candidate.name());
          fitted.models.put(candidate.name(), cf.model());
          oof.add(new Selector.Oof(candidate.name(), cf.oofSpend(), cf.oofChurn()));
        } catch (RuntimeException e) {
          // The reason a person reads in the report; the exception's type and trace go to the log.
          fitted.failures.put(
              candidate.name(),
              e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
          LOG.atWarn()
              .addKeyValue("candidate", candidate.name())
              .addKeyValue("error", e.getMessage())
              .setCause(e)
              .log("candidate could not be fitted; it takes no part in selection");
        }
        fitted.fitSeconds.put(candidate.name(), (System.nanoTime() - started) / 1e9);
      }
      fitted.selection =
          new Selector(settings.bgnbdRmseTolerance(), BtydCandidate.NAME)
              .select(
                  oof,
                  new Selector.Truth(
                      rows.spend(),
                      rows.churned(),
                      rows.naiveSpend(),
                      rows.naiveChurn(),
                      fold,
                      folds));
      List<Forecaster> models = fitted.names.stream().map(fitted.models::get).toList();
      if (models.size() >= 2) {
        fitted.blend =
            new BlendForecaster(
                fitted.names,
                models,
                fitted.selection.blendSpendWeights(),
                fitted.selection.blendChurnWeights());
      }
      if (fitted.selection.spendFrom() != null && fitted.selection.churnFrom() != null) {
        fitted.policy =
            policy(
                fitted.names,
                models,
                fitted.selection.spendWeights(),
                fitted.selection.churnWeights());
      }
      return fitted;
    } catch (RuntimeException e) {
      fitted.close();
      throw e;
    }
  }

  /**
   * The served forecaster: one component when both heads use it alone, unscaled; else a blend of
   * the used ones (a single component whose spend is calibrated in the large is a one-component
   * blend).
   */
  static Forecaster policy(
      List<String> names, List<Forecaster> models, double[] spendWeights, double[] churnWeights) {
    List<Integer> used = new ArrayList<>();
    for (int c = 0; c < names.size(); c++) {
      if (spendWeights[c] > 0 || churnWeights[c] > 0) {
        used.add(c);
      }
    }
    if (used.size() == 1 && spendWeights[used.get(0)] == 1) {
      return models.get(used.get(0));
    }
    double[] sw = new double[used.size()];
    double[] cw = new double[used.size()];
    List<String> usedNames = new ArrayList<>();
    List<Forecaster> usedModels = new ArrayList<>();
    for (int j = 0; j < used.size(); j++) {
      sw[j] = spendWeights[used.get(j)];
      cw[j] = churnWeights[used.get(j)];
      usedNames.add(names.get(used.get(j)));
      usedModels.add(models.get(used.get(j)));
    }
    return new BlendForecaster(usedNames, usedModels, sw, cw);
  }

  /**
   * Predictions of a set of named forecasters on some rows, with the rows' labels and the naive
   * baseline.
   */
  public record Scored(TrainingSet.RowData rows, Map<String, Predictions> predictions) {

    public Map<String, SpendChurnMetrics> metrics() {
      Map<String, SpendChurnMetrics> m = new LinkedHashMap<>();
      predictions.forEach(
          (name, p) ->
              m.put(
                  name,
                  SpendChurnEvaluator.evaluate(
                      p.spend(), rows.spend(), p.churnProbability(), rows.churned())));
      return m;
    }
  }

  /**
   * Scores the held-out customers once: the policy as "model" (when there is one), "bgnbd", "naive"
   * and every candidate and the blend under their own names.
   */
  static Scored scoreValidation(Fitted fitted, TrainingSet set) {
    TrainingSet.RowData rows = set.rows(fitted.validationRows);
    Map<String, Predictions> p = new LinkedHashMap<>();
    Map<String, Predictions> byName = new LinkedHashMap<>();
    fitted.scorable().forEach((name, f) -> byName.put(name, f.predict(rows.features())));
    if (fitted.policy != null) {
      p.put("model", fitted.policy.predict(rows.features()));
    }
    if (byName.containsKey(BtydCandidate.NAME)) {
      p.put("bgnbd", byName.get(BtydCandidate.NAME));
    }
    p.put("naive", new Predictions(rows.naiveSpend(), rows.naiveChurn()));
    byName.forEach((name, pred) -> p.put("candidate:" + name, pred));
    return new Scored(rows, p);
  }

  /**
   * One held-out run for a backtest: fit, select and gate on the customers outside {@code
   * validation}, then score the held-out ones once.
   *
   * @param predictions on the held-out customers: "selected" (absent when the run is rejected),
   *     "bgnbd", "naive", and each candidate and the blend under its name
   */
  public record HoldOut(
      int[] rows,
      double[] actualSpend,
      boolean[] churned,
      Map<String, Predictions> predictions,
      Map<String, String> selected,
      boolean passed,
      List<String> reasons,
      Map<String, String> failures,
      List<String> decisions) {}

  public HoldOut holdOut(TrainingSet set, boolean[] validation) {
    try (Fitted fitted = fit(set, validation)) {
      Scored scored = scoreValidation(fitted, set);
      Map<String, Predictions> p = new LinkedHashMap<>();
      scored
          .predictions()
          .forEach(
              (name, pred) -> {
                if (name.equals("model")) {
                  p.put("selected", pred);
                } else if (name.startsWith("candidate:")) {
                  p.put(name.substring("candidate:".length()), pred);
                } else {
                  p.put(name, pred);
                }
              });
      List<String> reasons =
          fitted.selection == null ? List.of("no selection") : fitted.selection.reasons();
      if (!fitted.passed()) {
        p.remove("selected");
      }
      return new HoldOut(
          fitted.validationRows,
          scored.rows().spend(),
          scored.rows().churned(),
          p,
          fitted.selected(),
          fitted.passed(),
          reasons,
          fitted.failures,
          fitted.selection == null ? List.of() : fitted.selection.decisions());
    }
  }
}
