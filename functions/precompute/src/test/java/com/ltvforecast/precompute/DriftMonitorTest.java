package com.ltvforecast.precompute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ltvforecast.drift.BinnedDistribution;
import com.ltvforecast.features.FeatureCalculator;
import com.ltvforecast.json.Json;
import com.ltvforecast.precompute.DriftMonitor.DriftReport;
import com.ltvforecast.testing.InMemoryObjectStore;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DriftMonitorTest {

  @Test
  void shiftedByHorizon_shouldNameSchemaFeatures_soTheAlarmMetricExcludesExactlyThem() {
    for (String name : DriftMonitor.SHIFTED_BY_HORIZON) {
      assertTrue(
          FeatureCalculator.SCHEMA.names().contains(name), name + " is not a schema feature");
    }
  }

  @Test
  void record_shouldWarnOnlyForCountedFeatures_whenAFeatureShiftedByTheHorizonDriftsToo() {
    // given a reference where every customer sat in the lower bin, for one counted and one shifted
    // feature
    BinnedDistribution lower = new BinnedDistribution(new double[] {10}, new double[] {0.99, 0.01});
    Map<String, BinnedDistribution> reference = Map.of("spend_365", lower, "age_days", lower);
    DriftMonitor.Accumulator accumulator =
        new DriftMonitor.Accumulator(reference, List.of("spend_365", "age_days"));
    // when today's customers all sit in the upper bin for both
    for (int i = 0; i < 100; i++) {
      accumulator.add(new double[] {50, 50});
    }
    InMemoryObjectStore store = new InMemoryObjectStore();
    LocalDate asOf = LocalDate.parse("2024-01-01");
    String key =
        new DriftMonitor(store)
            .record(new ShardCommand(asOf, 0, 1, "v1"), "v1", 100, accumulator, reference);
    // then both keep their PSI, but only the counted feature warns and sets PSI_max
    DriftReport report = Json.read(store.read(key).orElseThrow(), DriftReport.class);
    assertTrue(
        report.features().get("age_days").psi() > 1, "the shifted feature's PSI is still reported");
    assertFalse(report.features().get("age_days").warning());
    assertTrue(report.features().get("spend_365").warning());
    assertEquals(List.of("spend_365"), report.driftedFeatures());
    assertEquals(report.features().get("spend_365").psi(), report.maxPsi());
  }
}
