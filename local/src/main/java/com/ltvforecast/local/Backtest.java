package com.ltvforecast.local;

import com.ltvforecast.config.AppConfig;
import com.ltvforecast.config.TrainingSettings;
import com.ltvforecast.evaluation.SpendChurnEvaluator;
import com.ltvforecast.evaluation.SpendChurnMetrics;
import com.ltvforecast.features.CustomerHistories;
import com.ltvforecast.forecast.Candidates;
import com.ltvforecast.model.EpochListener;
import com.ltvforecast.model.Predictions;
import com.ltvforecast.model.TrainingOptions;
import com.ltvforecast.selection.Folds;
import com.ltvforecast.training.TrainCommand;
import com.ltvforecast.training.TrainingPipeline;
import com.ltvforecast.training.TrainingSet;
import com.ltvforecast.transactions.InvalidTransactionException;
import com.ltvforecast.transactions.TransactionParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code evaluate}: a K-fold backtest of the whole training procedure. Customers are cut into K
 * folds by a hash of {@code customer_id}; for each fold, every candidate is fitted, selected and
 * gated on the other folds' customers exactly as a training run does (with its own inner
 * cross-fitting), and the held-out fold is scored once. Every eligible customer is thus scored once
 * by a procedure that never saw them, and pooled metrics cover them all. Reads the CSV files
 * directly, through the data contract's parser (no S3 needed). When a fold's run is rejected
 * nothing would be served; its customers then count with the naive forecast under "selected", and
 * the fold says so.
 */
public final class Backtest {

  static final String FOLD_SALT = "backtest-fold";

  private Backtest() {}

  /**
   * @param runDate run date T (features at T - H, labels from [T - H, T)), as for {@code train}
   * @param settings the training settings (seed, selection folds, time budget, tolerances)
   * @return {@code {"evaluation": {...}}}, the {@code --report} shape
   */
  public static Map<String, Object> run(
      List<Path> data,
      LocalDate runDate,
      int horizonDays,
      int folds,
      TrainingSettings settings,
      EpochListener progress) {
    if (folds < 2) {
      throw new IllegalArgumentException("--folds must be at least 2, got " + folds);
    }
    long started = System.nanoTime();
    CustomerHistories histories = CustomerHistories.before(runDate);
    int rejectedRows = read(data, histories);
    TrainCommand command = new TrainCommand(runDate, horizonDays);
    TrainingSet set = TrainingSet.build(histories, command, settings.customerCap());
    int n = set.size();
    int[] fold = Folds.assign(set.customerIds(), folds, FOLD_SALT);
    TrainingPipeline pipeline =
        new TrainingPipeline(Candidates.defaults(), settings, TrainingOptions.defaults(), progress);
    double[] actual = new double[n];
    boolean[] churned = new boolean[n];
    Map<String, double[]> spend = new LinkedHashMap<>();
    Map<String, double[]> churn = new LinkedHashMap<>();
    List<Map<String, Object>> perFold = new ArrayList<>();
    for (int f = 0; f < folds; f++) {
      boolean[] held = new boolean[n];
      for (int i = 0; i < n; i++) {
        held[i] = fold[i] == f;
      }
      long foldStarted = System.nanoTime();
      TrainingPipeline.HoldOut out = pipeline.holdOut(set, held);
      Map<String, Predictions> predictions = new LinkedHashMap<>(out.predictions());
      if (!predictions.containsKey("selected")) {
        predictions.put("selected", predictions.get("naive"));
      }
      Map<String, SpendChurnMetrics> metrics = new LinkedHashMap<>();
      for (Map.Entry<String, Predictions> e : predictions.entrySet()) {
        Predictions p = e.getValue();
        metrics.put(
            e.getKey(),
            SpendChurnEvaluator.evaluate(
                p.spend(), out.actualSpend(), p.churnProbability(), out.churned()));
        double[] s = spend.computeIfAbsent(e.getKey(), k -> filled(n));
        double[] c = churn.computeIfAbsent(e.getKey(), k -> filled(n));
        for (int j = 0; j < out.rows().length; j++) {
          s[out.rows()[j]] = p.spend()[j];
          c[out.rows()[j]] = p.churnProbability()[j];
        }
      }
      for (int j = 0; j < out.rows().length; j++) {
        actual[out.rows()[j]] = out.actualSpend()[j];
        churned[out.rows()[j]] = out.churned()[j];
      }
      Map<String, Object> fm = new LinkedHashMap<>();
      fm.put("fold", f);
      fm.put("customers", out.rows().length);
      fm.put("promoted", out.passed());
      fm.put("selected", out.selected());
      fm.put("reasons", out.reasons());
      fm.put("candidate_failures", out.failures());
      fm.put("seconds", Math.round((System.nanoTime() - foldStarted) / 1e7) / 100.0);
      fm.put("metrics", nest(metrics));
      perFold.add(fm);
    }
    Map<String, SpendChurnMetrics> pooled = new LinkedHashMap<>();
    spend.forEach(
        (name, s) -> {
          if (isComplete(s)) {
            pooled.put(name, SpendChurnEvaluator.evaluate(s, actual, churn.get(name), churned));
          }
        });
    Map<String, Object> evaluation = new LinkedHashMap<>();
    evaluation.put("folds", folds);
    evaluation.put("customers", n);
    evaluation.put("as_of", runDate.toString());
    evaluation.put("horizon_days", horizonDays);
    evaluation.put("seed", settings.seed());
    evaluation.put("rejected_rows", rejectedRows);
    evaluation.put(
        "folds_promoted",
        perFold.stream().filter(m -> Boolean.TRUE.equals(m.get("promoted"))).count());
    evaluation.put("metrics", nest(pooled));
    evaluation.put("per_fold", perFold);
    evaluation.put("seconds", Math.round((System.nanoTime() - started) / 1e7) / 100.0);
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("evaluation", evaluation);
    return report;
  }

  /**
   * With the settings of the environment ({@code TRAIN_*}, {@code GATE_*}), the seed overridden
   * when given.
   */
  public static Map<String, Object> run(
      List<Path> data,
      LocalDate runDate,
      int horizonDays,
      int folds,
      Integer seed,
      EpochListener progress) {
    TrainingSettings settings = AppConfig.fromEnvironment().training();
    return run(
        data,
        runDate,
        horizonDays,
        folds,
        seed == null ? settings : settings.withSeed(seed),
        progress);
  }

  /** {"selected", "bgnbd", "naive", "candidates": {...}}: the training report's metric keys. */
  private static Map<String, Object> nest(Map<String, SpendChurnMetrics> flat) {
    Map<String, Object> out = new LinkedHashMap<>();
    Map<String, SpendChurnMetrics> candidates = new LinkedHashMap<>();
    for (String key : List.of("selected", "bgnbd", "naive")) {
      if (flat.containsKey(key)) {
        out.put(key, flat.get(key));
      }
    }
    flat.forEach(
        (name, m) -> {
          if (!List.of("selected", "naive").contains(name)) {
            candidates.put(name, m);
          }
        });
    out.put("candidates", candidates);
    return out;
  }

  private static double[] filled(int n) {
    double[] a = new double[n];
    java.util.Arrays.fill(a, Double.NaN);
    return a;
  }

  private static boolean isComplete(double[] a) {
    for (double v : a) {
      if (Double.isNaN(v)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Reads CSV files of the data contract (header with customer_id, event_time, amount); returns
   * rows rejected.
   */
  static int read(List<Path> files, CustomerHistories histories) {
    TransactionParser parser = new TransactionParser();
    int rejected = 0;
    for (Path file : files) {
      try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        String header = in.readLine();
        if (header == null) {
          continue;
        }
        List<String> columns = List.of(header.replace("\uFEFF", "").trim().split(","));
        int id = columns.indexOf("customer_id");
        int time = columns.indexOf("event_time");
        int amount = columns.indexOf("amount");
        int tx = columns.indexOf("transaction_id");
        if (id < 0 || time < 0 || amount < 0) {
          throw new IllegalArgumentException(
              file + ": the header needs customer_id, event_time and amount");
        }
        String line;
        while ((line = in.readLine()) != null) {
          if (line.isBlank()) {
            continue;
          }
          String[] f = line.split(",", -1);
          try {
            histories.add(
                parser.parse(f[id], f[time], f[amount], tx >= 0 && tx < f.length ? f[tx] : null));
          } catch (InvalidTransactionException | ArrayIndexOutOfBoundsException e) {
            rejected++;
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file, e);
      }
    }
    return rejected;
  }

  /**
   * The headline table: pooled metrics per policy, candidate and baseline, then one line per fold.
   */
  @SuppressWarnings("unchecked")
  public static String table(Map<String, Object> report) {
    Map<String, Object> e = (Map<String, Object>) report.get("evaluation");
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            Locale.ROOT,
            "backtest: %s folds, %s customers, as-of %s, horizon %s days, seed %s, %s s%n",
            e.get("folds"),
            e.get("customers"),
            e.get("as_of"),
            e.get("horizon_days"),
            e.get("seed"),
            e.get("seconds")));
    b.append(
        String.format(
            Locale.ROOT,
            "  %-18s %9s %9s %7s %8s %7s %7s%n",
            "pooled",
            "MAE",
            "RMSE",
            "corr",
            "bias",
            "AUC",
            "Brier"));
    Map<String, Object> metrics = (Map<String, Object>) e.get("metrics");
    metrics.forEach(
        (name, m) -> {
          if (m instanceof SpendChurnMetrics s) {
            b.append(line(name, s));
          } else if (m instanceof Map<?, ?> candidates) {
            candidates.forEach((c, s) -> b.append(line("candidate " + c, (SpendChurnMetrics) s)));
          }
        });
    for (Map<String, Object> f : (List<Map<String, Object>>) e.get("per_fold")) {
      Map<String, Object> fm = (Map<String, Object>) f.get("metrics");
      SpendChurnMetrics s = (SpendChurnMetrics) fm.get("selected");
      SpendChurnMetrics g = (SpendChurnMetrics) fm.get("bgnbd");
      SpendChurnMetrics nv = (SpendChurnMetrics) fm.get("naive");
      b.append(
          String.format(
              Locale.ROOT,
              "  fold %s: %s %s, selected RMSE %.4g (BG/NBD %s, naive %.4g), AUC %.3f%n",
              f.get("fold"),
              Boolean.TRUE.equals(f.get("promoted")) ? "promoted" : "rejected",
              f.get("selected"),
              s.spendRmse(),
              g == null ? "-" : String.format(Locale.ROOT, "%.4g", g.spendRmse()),
              nv.spendRmse(),
              s.churnAuc()));
    }
    return b.toString();
  }

  private static String line(String name, SpendChurnMetrics m) {
    return String.format(
        Locale.ROOT,
        "  %-18s %9.3f %9.3f %7.3f %+7.1f%% %7.3f %7.4f%n",
        name,
        m.spendMae(),
        m.spendRmse(),
        m.spendCorr(),
        100 * m.spendBias(),
        m.churnAuc(),
        m.churnBrier());
  }
}
