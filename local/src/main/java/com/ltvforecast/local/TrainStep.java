package com.ltvforecast.local;

import com.ltvforecast.config.AppConfig;
import com.ltvforecast.model.EpochListener;
import com.ltvforecast.training.TrainFunction;
import com.ltvforecast.training.TrainingReport;
import java.nio.file.Path;
import java.util.Map;

/** Runs the real TrainFunction with a backfill event, with progress over members and epochs. */
final class TrainStep {

  private final AppConfig config;

  /** Trains with {@code config}, e.g. {@link LocalDeployment#config(Map)}. */
  TrainStep(AppConfig config) {
    this.config = config;
  }

  TrainingReport run(String asOf, int horizonDays) {
    Progress progress = Progress.onConsole("training");
    TrainFunction handler = new TrainFunction(config).withEpochListener(showing(progress));
    TrainingReport report = handler.train(Map.of("as_of", asOf, "horizon_days", horizonDays));
    progress.finish();
    return report;
  }

  /** Shows each network member's epochs on {@code progress}, with the share of all members done. */
  static EpochListener showing(Progress progress) {
    return e ->
        progress.update(
            (e.member() - 1 + (double) e.epoch() / e.maxEpochs()) / e.members(),
            String.format(
                "member %d/%d, epoch %d, train loss %.4f, early-stopping loss %.4f",
                e.member(), e.members(), e.epoch(), e.trainLoss(), e.validationLoss()));
  }

  /**
   * The run's outcome: which candidate serves each head, the validation metrics, and why it was
   * decided.
   */
  static void printResult(TrainingReport report) {
    System.out.print(TrainingSummary.table(report));
  }

  /** Copies the version's evaluation.html into the working directory and says where. */
  static void saveEvaluationReport(TrainingReport report) {
    TrainingSummary.saveEvaluationHtml(report, Path.of(""))
        .ifPresent(file -> System.out.println("evaluation report: " + file.toAbsolutePath()));
  }

  /** The setting that makes training use {@code seed} (TRAIN_SEED), when given; else none. */
  static Map<String, String> seed(Integer seed) {
    return seed == null ? Map.of() : Map.of(AppConfig.TRAIN_SEED, Integer.toString(seed));
  }
}
