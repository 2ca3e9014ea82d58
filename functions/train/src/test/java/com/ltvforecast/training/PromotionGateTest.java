package com.ltvforecast.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ltvforecast.evaluation.SpendChurnMetrics;
import java.util.List;
import org.junit.jupiter.api.Test;

class PromotionGateTest {

  private final PromotionGate gate = new PromotionGate(0.05, 0.05);

  private static SpendChurnMetrics rmse(double value) {
    return new SpendChurnMetrics(10, value, 0.5, 0.0, 0.75);
  }

  @Test
  void reasonsToReject_shouldBeEmpty_whenCandidateBeatsNaiveAndStaysNearBgnbdAndProduction() {
    assertEquals(List.of(), gate.reasonsToReject(rmse(100), rmse(120), rmse(98), rmse(101)));
  }

  @Test
  void reasonsToReject_shouldNameNaive_whenCandidateDoesNotBeatIt() {
    List<String> reasons = gate.reasonsToReject(rmse(100), rmse(100), rmse(99), null);
    assertEquals(1, reasons.size());
    assertTrue(reasons.get(0).contains("naive"), reasons.get(0));
  }

  @Test
  void reasonsToReject_shouldNameBgnbd_whenCandidateIsOverItsTolerance() {
    List<String> reasons = gate.reasonsToReject(rmse(106), rmse(200), rmse(100), null);
    assertEquals(1, reasons.size());
    assertTrue(reasons.get(0).contains("BG/NBD"), reasons.get(0));
  }

  @Test
  void reasonsToReject_shouldNameProduction_whenCandidateRegressesPastTolerance() {
    List<String> reasons = gate.reasonsToReject(rmse(100), rmse(200), rmse(100), rmse(90));
    assertEquals(1, reasons.size());
    assertTrue(reasons.get(0).contains("production"), reasons.get(0));
  }
}
