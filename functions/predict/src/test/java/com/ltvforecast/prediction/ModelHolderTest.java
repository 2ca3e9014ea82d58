package com.ltvforecast.prediction;

import static com.ltvforecast.prediction.ApiFixture.assertError;
import static com.ltvforecast.prediction.ApiFixture.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ltvforecast.model.ModelException;
import com.ltvforecast.registry.ModelArtifacts;
import com.ltvforecast.registry.ModelVersion;
import com.ltvforecast.testing.InMemoryModelRegistry;
import com.ltvforecast.testing.InMemoryObjectStore;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Lazy load, paced refresh, hot swap, corrupt artifacts and the no-model case, through the handler.
 */
class ModelHolderTest {

  private final FixtureModel trained = FixtureModel.get();
  private final String v1 = trained.version.version();

  private static String servedVersion(ApiFixture api) {
    return json(api.call("POST", "/predict", "{\"customer_id\": \"00042\"}"))
        .path("model_version")
        .asText();
  }

  @Test
  void acquire_shouldServeANewlyPromotedVersion_onTheFirstRequestAfterTheRefreshInterval() {
    // given v1 serving, and v2 registered beside it
    InMemoryModelRegistry registry = trained.registry();
    ApiFixture api = new ApiFixture(registry, new ModelArtifacts(trained.store));
    assertEquals(v1, servedVersion(api));
    ModelVersion v2 = trained.copyAs("v2-hot", trained.store);
    registry.register(v2);
    // when v2 is promoted
    registry.promote(FixtureModel.NAME, "v2-hot", v1);
    // then v1 serves until the refresh interval (60 s) has passed, and v2 from the next request on
    api.clock.advance(Duration.ofSeconds(59));
    assertEquals(v1, servedVersion(api));
    api.clock.advance(Duration.ofSeconds(2));
    assertEquals("v2-hot", servedVersion(api));
    assertEquals("v2-hot", json(api.call("GET", "/model", null)).path("version").asText());
    assertEquals("v2-hot", json(api.call("GET", "/health", null)).path("model_version").asText());
  }

  @Test
  void acquire_shouldKeepThePreviousModel_whenTheNewArtifactIsCorrupt() {
    // given v1 serving, and a v2 whose parameters were altered after registration
    InMemoryModelRegistry registry = trained.registry();
    InMemoryObjectStore store = new InMemoryObjectStore();
    trained.copyTo(store);
    ApiFixture api = new ApiFixture(registry, new ModelArtifacts(store));
    assertEquals(v1, servedVersion(api));
    ModelVersion v2 = trained.copyAs("v2-corrupt", store);
    String parameters =
        store.list(v2.artifactPrefix()).stream()
            .filter(k -> k.endsWith("weights.bin"))
            .findFirst()
            .orElseThrow();
    byte[] bytes = store.get(parameters).clone();
    bytes[bytes.length / 2] ^= 0x5a;
    store.put(parameters, bytes);
    registry.register(v2);
    registry.promote(FixtureModel.NAME, "v2-corrupt", v1);
    // when the pointer is re-checked
    api.clock.advance(Duration.ofSeconds(61));
    // then the corrupt version is refused and v1 keeps serving
    assertEquals(v1, servedVersion(api));
    assertEquals(v1, json(api.call("GET", "/health", null)).path("model_version").asText());
  }

  @Test
  void acquire_should503_whenTheOnlyVersionIsCorrupt() {
    InMemoryModelRegistry registry = new InMemoryModelRegistry();
    ModelVersion wrongChecksum =
        new ModelVersion(
            FixtureModel.NAME,
            v1,
            ModelVersion.Status.PRODUCTION,
            trained.version.artifactPrefix(),
            "0".repeat(64),
            trained.version.createdAt(),
            trained.version.metrics(),
            java.util.List.of());
    registry.register(wrongChecksum);
    registry.promote(FixtureModel.NAME, v1, null);
    ApiFixture api = new ApiFixture(registry, new ModelArtifacts(trained.store));
    assertError(api.call("GET", "/health", null), 503, "model_unavailable");
    assertError(
        api.call("POST", "/predict", "{\"customer_id\": \"00042\"}"), 503, "model_unavailable");
  }

  @Test
  void acquire_should503UntilAModelIsPromoted_thenServeIt() {
    // given nothing promoted yet
    InMemoryModelRegistry registry = new InMemoryModelRegistry();
    ApiFixture api = new ApiFixture(registry, new ModelArtifacts(trained.store));
    // then every model route says so, and the precomputed scores still answer
    assertError(api.call("GET", "/health", null), 503, "model_unavailable");
    assertError(api.call("GET", "/model", null), 503, "model_unavailable");
    assertError(
        api.call("POST", "/predict", "{\"customer_id\": \"00042\"}"), 503, "model_unavailable");
    assertEquals(200, api.call("GET", "/customers/00042/score", null).getStatusCode());
    // when a model is promoted, it serves after the refresh interval
    registry.register(trained.version);
    registry.promote(FixtureModel.NAME, v1, null);
    api.clock.advance(Duration.ofSeconds(60));
    assertEquals(v1, servedVersion(api));
  }

  @Test
  void modelRoutes_shouldSayWhyNothingServes_whenTheLatestRunWasRejected() {
    // given only a version that the gate rejected
    InMemoryModelRegistry registry = new InMemoryModelRegistry();
    registry.register(
        new ModelVersion(
            FixtureModel.NAME,
            "v-rejected",
            ModelVersion.Status.REJECTED,
            trained.version.artifactPrefix(),
            trained.version.checksum(),
            trained.version.createdAt(),
            trained.version.metrics(),
            java.util.List.of("no candidate beats the naive baseline")));
    ApiFixture api = new ApiFixture(registry, new ModelArtifacts(trained.store));
    // then /health and /model answer 503 with the run and the gate's reason, not a bare "no model"
    for (String route : java.util.List.of("/health", "/model")) {
      String message =
          assertError(api.call("GET", route, null), 503, "model_unavailable")
              .path("message")
              .asText();
      assertTrue(
          message.contains("v-rejected")
              && message.contains("no candidate beats the naive baseline"),
          message);
    }
  }

  @Test
  void acquire_shouldKeepServing_whenTheRegistryFails() {
    // given a registry that fails after the first load
    InMemoryModelRegistry working = trained.registry();
    boolean[] down = {false};
    InMemoryModelRegistry flaky =
        new InMemoryModelRegistry() {
          @Override
          public Optional<ModelVersion> production(String modelName) {
            if (down[0]) {
              throw new IllegalStateException("DynamoDB unavailable");
            }
            return working.production(modelName);
          }
        };
    ApiFixture api = new ApiFixture(flaky, new ModelArtifacts(trained.store));
    assertEquals(v1, servedVersion(api));
    // when
    down[0] = true;
    api.clock.advance(Duration.ofSeconds(61));
    // then
    assertEquals(v1, servedVersion(api));
  }

  @Test
  void lease_shouldKeepASwappedOutModelOpen_untilItIsClosed() {
    // given a lease on v1
    InMemoryModelRegistry registry = trained.registry();
    ApiFixture api = new ApiFixture(registry, new ModelArtifacts(trained.store));
    ModelHolder.Lease lease = api.models.acquire().orElseThrow();
    double[] features = api.features.get("00042").orElseThrow().values();
    // when v2 is swapped in
    registry.register(trained.copyAs("v2-lease", trained.store));
    registry.promote(FixtureModel.NAME, "v2-lease", v1);
    api.clock.advance(Duration.ofSeconds(61));
    try (ModelHolder.Lease current = api.models.acquire().orElseThrow()) {
      assertEquals("v2-lease", current.model().version());
    }
    // then the old model still predicts for its lease holder, and is freed when the lease closes
    assertTrue(lease.model().predict(features).spend() >= 0);
    lease.close();
    assertThrows(ModelException.class, () -> lease.model().predict(features));
  }
}
