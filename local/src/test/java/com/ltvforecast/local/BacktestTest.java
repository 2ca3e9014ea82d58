package com.ltvforecast.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.ltvforecast.config.TrainingSettings;
import com.ltvforecast.json.Json;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The backtest on the CDNOW sample, fast settings: the report's shape and that every customer is
 * scored once.
 */
class BacktestTest {

  @Test
  void run_shouldHoldEachFoldOutOnce_andReportPooledAndPerFoldMetrics() {
    java.nio.file.Path sample =
        com.ltvforecast.testing.ProjectFiles.data("cdnow/transactions_sample.csv");
    TrainingSettings settings =
        new TrainingSettings(4, 900, 2_000_000, 200, 0.05, 0.05, "default", 3, 11);
    Map<String, Object> report =
        Backtest.run(List.of(sample), LocalDate.parse("1998-07-01"), 273, 3, settings, e -> {});
    JsonNode e = Json.MAPPER.valueToTree(report).path("evaluation");

    assertEquals(3, e.path("folds").asInt());
    assertEquals(2_357, e.path("customers").asInt());
    int held = 0;
    for (JsonNode fold : e.path("per_fold")) {
      held += fold.path("customers").asInt();
      assertTrue(
          fold.path("metrics").path("selected").path("spend_rmse").isNumber(), fold.toString());
    }
    assertEquals(2_357, held, "every customer held out exactly once");
    for (String key : List.of("selected", "bgnbd", "naive")) {
      assertTrue(e.path("metrics").path(key).path("spend_rmse").isNumber(), key);
      assertTrue(e.path("metrics").path(key).path("churn_auc").isNumber(), key);
    }
    assertTrue(e.path("metrics").path("candidates").path("network").path("spend_mae").isNumber());
    assertTrue(e.path("metrics").path("candidates").path("bgnbd").path("spend_bias").isNumber());
    assertTrue(Backtest.table(report).contains("pooled"));
  }
}
