package com.ltvforecast.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class LtvLossTest {

  private static double loss(double power, float logRate, float spend) {
    EngineDefaults.apply();
    try (NDManager manager = Engine.getEngine(LtvModel.ENGINE).newBaseManager()) {
      NDList labels =
          new NDList(
              manager.create(new float[] {spend}, new Shape(1, 1)),
              manager.create(new float[] {0f}, new Shape(1, 1)));
      NDList predictions =
          new NDList(
              manager.create(new float[] {logRate}, new Shape(1, 1)),
              manager.create(new float[] {0f}, new Shape(1, 1)));
      return new LtvLoss(power, 0).evaluate(labels, predictions).getFloat();
    }
  }

  @Test
  void evaluate_shouldStayFinite_whenZeroSpendCustomerHasAVeryLowLogRate() {
    // exp(0.5 * 200) overflows float32, and 0 * Inf is NaN without the clip
    double atFloor = loss(1.5, -LtvLoss.MAX_LOG_RATE, 0f);
    assertTrue(Double.isFinite(loss(1.5, -200f, 0f)), "loss at log rate -200");
    assertEquals(atFloor, loss(1.5, -200f, 0f), 1e-6);
  }

  @Test
  void evaluate_shouldStayFinite_whenLogRateIsVeryHigh() {
    assertTrue(Double.isFinite(loss(1.5, 400f, 3f)));
    assertTrue(Double.isFinite(loss(1.0, 400f, 3f)));
  }

  @Test
  void evaluate_shouldMatchTheTweedieDeviance_whenInsideTheRange() {
    // p = 1.5: exp(0.5 f) / 0.5 + 2 y exp(-0.5 f), at f = 0.4, y = 2
    double expected = Math.exp(0.2) / 0.5 + 2 * 2 * Math.exp(-0.2);
    assertEquals(expected, loss(1.5, 0.4f, 2f), 1e-5);
  }
}
