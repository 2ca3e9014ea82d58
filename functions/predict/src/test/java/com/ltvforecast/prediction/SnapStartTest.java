package com.ltvforecast.prediction;

import static com.ltvforecast.prediction.ApiFixture.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ltvforecast.registry.ModelArtifacts;
import com.ltvforecast.testing.InMemoryModelRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The CRaC hooks SnapStart calls: priming before the snapshot, the pointer re-checked after a
 * restore.
 */
class SnapStartTest {

  private final FixtureModel fixture = FixtureModel.get();

  private static String servedVersion(ApiFixture api) {
    return json(api.call("POST", "/predict", "{\"customer_id\": \"00042\"}"))
        .path("model_version")
        .asText();
  }

  @Test
  void beforeCheckpoint_shouldLoadTheProductionModelAndRunEveryPath_beforeAnyRequest()
      throws IOException {
    // given a fresh function
    ApiFixture api = new ApiFixture(fixture.registry(), new ModelArtifacts(fixture.store));
    assertTrue(api.models.peek().isEmpty());
    // when it is primed
    Priming.Result result = api.handler.prime();
    // then the model is loaded, both table lookups and the on-demand path ran, and /tmp holds
    // nothing
    assertEquals(fixture.version.version(), api.models.peek().orElseThrow().version());
    assertEquals(new Priming.Result(200, 404, 404, 200), result);
    try (Stream<java.nio.file.Path> left = Files.list(api.work)) {
      assertEquals(0, left.count(), "the downloaded model files are deleted once loaded");
    }
  }

  @Test
  void afterRestore_shouldServeTheCurrentProductionVersion_onTheFirstRequest() {
    // given a primed function, and v2 promoted after the snapshot, well within the refresh interval
    InMemoryModelRegistry registry = fixture.registry();
    ApiFixture api = new ApiFixture(registry, new ModelArtifacts(fixture.store));
    api.handler.prime();
    registry.register(fixture.copyAs("v2-restored", fixture.store));
    registry.promote(FixtureModel.NAME, "v2-restored", fixture.version.version());
    assertEquals(
        fixture.version.version(), servedVersion(api), "without a restore, the interval holds");
    // when the environment is restored
    api.handler.afterRestore(null);
    // then its first request re-checks the pointer
    assertEquals("v2-restored", servedVersion(api));
  }
}
