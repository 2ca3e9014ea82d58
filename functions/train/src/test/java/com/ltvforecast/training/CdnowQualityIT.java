package com.ltvforecast.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ltvforecast.evaluation.SpendChurnMetrics;
import com.ltvforecast.model.TrainingOptions;
import com.ltvforecast.testing.InMemoryModelRegistry;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quality bar on the paper protocol (Fader, Hardie and Lee 2005), through the training pipeline
 * itself: CDNOW master, run date 1998-07-01, horizon 273 days, so features at 1997-10-01. The
 * network, BG/NBD + Gamma-Gamma and naive are scored on the same validation customers.
 */
class CdnowQualityIT {

  @TempDir Path work;

  @Test
  void train_shouldMeetTheQualityBar_whenPaperProtocolOnCdnowMaster() {
    // given the CDNOW master, curated by the real ingest service
    TrainingFixtures fixtures = new TrainingFixtures(work).ingest("cdnow/transactions.csv");
    TrainingService service =
        fixtures.service(
            new InMemoryModelRegistry(),
            TrainingFixtures.settings(300),
            TrainingOptions.defaults());
    // when
    TrainingReport report =
        service.train(new TrainCommand(LocalDate.parse("1998-07-01"), 273), epoch -> {});
    // then
    SpendChurnMetrics model = report.metrics().get("model");
    SpendChurnMetrics bgnbd = report.metrics().get("bgnbd");
    System.out.printf(
        "CDNOW master, %d validation customers%n  model  %s%n  bgnbd  %s%n  naive  %s%n",
        report.validationCustomers(), model, bgnbd, report.metrics().get("naive"));
    assertEquals(23_570, report.trainCustomers() + report.validationCustomers());
    assertTrue(
        model.spendRmse() <= bgnbd.spendRmse(),
        "RMSE " + model.spendRmse() + " vs BG/NBD " + bgnbd.spendRmse());
    assertTrue(
        model.spendCorr() >= bgnbd.spendCorr(),
        "corr " + model.spendCorr() + " vs BG/NBD " + bgnbd.spendCorr());
    assertTrue(Math.abs(model.spendBias()) <= 0.05, "aggregate bias " + model.spendBias());
    assertTrue(model.churnAuc() >= 0.75, "churn AUC " + model.churnAuc());
    assertTrue(report.promoted(), "gate: " + report.reasons());
  }
}
