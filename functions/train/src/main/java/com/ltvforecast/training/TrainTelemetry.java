package com.ltvforecast.training;

import com.ltvforecast.model.EpochListener;
import com.ltvforecast.observability.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TrainFunction's log lines and EMF metrics (namespace {@value Metrics#NAMESPACE}, Function=train).
 */
final class TrainTelemetry {

  static final String FUNCTION = "train";

  private static final Logger LOG = LoggerFactory.getLogger(TrainFunction.class);

  private TrainTelemetry() {}

  /** One log line per finished epoch of each network member: the deployed function's progress. */
  static EpochListener epochLog() {
    return e ->
        LOG.atInfo()
            .addKeyValue("member", e.member())
            .addKeyValue("epoch", e.epoch())
            .addKeyValue("train_loss", e.trainLoss())
            .addKeyValue("validation_loss", e.validationLoss())
            .log("epoch finished");
  }

  static void trained(TrainingReport report) {
    LOG.atInfo()
        .addKeyValue("model_version", report.modelVersion())
        .addKeyValue("promoted", report.promoted())
        .addKeyValue("reasons", report.reasons())
        .addKeyValue("seconds", report.seconds())
        .log("training finished");
    Metrics metrics =
        Metrics.forFunction(FUNCTION)
            .count("Promoted", report.promoted() ? 1 : 0)
            .seconds("Duration", report.seconds())
            .count("TrainCustomers", report.trainCustomers())
            .property("model_version", report.modelVersion());
    if (report.metrics().containsKey("model")) {
      metrics
          .none("ValidationSpendRmse", report.metrics().get("model").spendRmse())
          .none("ValidationChurnAuc", report.metrics().get("model").churnAuc());
    }
    metrics.flush();
  }

  static void rolledBack(TrainingService.RollbackReport rollback) {
    LOG.atInfo()
        .addKeyValue("previous_version", rollback.previousProduction())
        .addKeyValue("model_version", rollback.production())
        .log("production rolled back");
  }

  static void refused(InvalidRequestException e) {
    LOG.atWarn().addKeyValue("error", e.getMessage()).log("request refused");
  }
}
