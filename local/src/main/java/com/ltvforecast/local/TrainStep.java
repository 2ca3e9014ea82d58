package com.ltvforecast.local;

import com.ltvforecast.training.TrainFunction;
import com.ltvforecast.training.TrainingReport;
import java.util.Map;

/** Runs the real TrainFunction with a backfill event, with progress over members and epochs. */
final class TrainStep {

  TrainingReport run(String asOf, int horizonDays) {
    Progress progress = Progress.onConsole("training");
    TrainFunction handler = new TrainFunction().onEpoch(e -> progress.update(
        (e.member() - 1 + (double) e.epoch() / e.maxEpochs()) / e.members(),
        String.format("member %d/%d, epoch %d, train loss %.4f, early-stopping loss %.4f", e.member(), e.members(),
            e.epoch(), e.trainLoss(), e.validationLoss())));
    TrainingReport report = handler.train(Map.of("as_of", asOf, "horizon_days", horizonDays));
    progress.finish();
    return report;
  }

  /** The run's outcome with its reasons, and each model's validation metrics. */
  static void printResult(TrainingReport report) {
    System.out.printf("model %s: %s%s%n", report.modelVersion(), report.promoted() ? "promoted" : "rejected",
        report.reasons().isEmpty() ? "" : " (" + String.join("; ", report.reasons()) + ")");
    report.metrics().forEach((name, m) -> System.out.printf(
        "  %-10s spend MAE %8.2f  RMSE %8.2f  corr %.3f  bias %+6.1f%%  churn AUC %.3f%n", name, m.spendMae(),
        m.spendRmse(), m.spendCorr(), 100 * m.spendBias(), m.churnAuc()));
  }
}
