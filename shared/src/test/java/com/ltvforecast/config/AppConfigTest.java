package com.ltvforecast.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** A function's configuration comes from a lookup: the environment, or values handed to it. */
class AppConfigTest {

  @Test
  void from_shouldReadOnlyTheGivenValues_withDefaultsForTheRest() {
    AppConfig config =
        AppConfig.from(Map.of(AppConfig.DATA_BUCKET, "b", AppConfig.TRAIN_MAX_EPOCHS, "8"));

    assertEquals("b", config.requireDataBucket());
    assertEquals(8, config.training().maxEpochs());
    assertEquals(90, config.horizonDays());
    ConfigException missing = assertThrows(ConfigException.class, config::requireScoreTable);
    assertTrue(missing.getMessage().contains(AppConfig.SCORE_TABLE), missing.getMessage());
  }

  @Test
  void fromEnvironmentOr_shouldTakeTheFallback_forWhatTheEnvironmentLeavesUnset() {
    // The build's test environment sets no configuration variable.
    AppConfig config = AppConfig.fromEnvironmentOr(Map.of(AppConfig.FEATURE_TABLE, "features"));

    assertEquals("features", config.requireFeatureTable());
  }

  @Test
  void from_shouldFailNamingTheVariable_whenAValueIsMalformed() {
    ConfigException e =
        assertThrows(
            ConfigException.class, () -> AppConfig.from(Map.of(AppConfig.HORIZON_DAYS, "x")));
    assertTrue(e.getMessage().contains(AppConfig.HORIZON_DAYS), e.getMessage());
  }
}
