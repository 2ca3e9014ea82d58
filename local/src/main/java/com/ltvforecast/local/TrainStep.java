package com.ltvforecast.local;

import com.ltvforecast.training.TrainFunction;
import com.ltvforecast.training.TrainingReport;
import java.util.Map;

/** Runs the real TrainFunction with a backfill event, drawing a progress bar over epochs. */
final class TrainStep {

  private static final int BAR = 30;

  TrainingReport run(String asOf, int horizonDays) {
    TrainFunction handler = new TrainFunction().onEpoch((epoch, trainLoss, validationLoss) -> {
      int filled = Math.min(BAR, epoch * BAR / Math.max(epoch, 60));
      System.out.printf("\rtraining epoch %3d [%s%s] train loss %.4f, validation loss %.4f", epoch,
          "#".repeat(filled), ".".repeat(BAR - filled), trainLoss, validationLoss);
    });
    TrainingReport report = handler.train(Map.of("as_of", asOf, "horizon_days", horizonDays));
    System.out.println();
    System.out.printf("model %s: %s%s%n", report.modelVersion(), report.promoted() ? "promoted" : "rejected",
        report.reasons().isEmpty() ? "" : " " + report.reasons());
    report.metrics().forEach((name, m) -> System.out.printf(
        "  %-10s spend MAE %8.2f  RMSE %8.2f  corr %.3f  bias %+.1f%%  churn AUC %.3f%n", name, m.spendMae(),
        m.spendRmse(), m.spendCorr(), 100 * m.spendBias(), m.churnAuc()));
    return report;
  }
}
