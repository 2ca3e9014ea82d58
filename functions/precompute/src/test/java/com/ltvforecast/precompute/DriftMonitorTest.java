package com.ltvforecast.precompute;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ltvforecast.features.FeatureCalculator;
import org.junit.jupiter.api.Test;

class DriftMonitorTest {

  @Test
  void shiftedByHorizon_shouldNameSchemaFeatures_soTheAlarmMetricExcludesExactlyThem() {
    for (String name : DriftMonitor.SHIFTED_BY_HORIZON) {
      assertTrue(FeatureCalculator.SCHEMA.names().contains(name), name + " is not a schema feature");
    }
  }
}
