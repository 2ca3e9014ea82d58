package com.ltvforecast.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ltvforecast.forecast.BtydCandidate;
import com.ltvforecast.forecast.Candidate;
import com.ltvforecast.forecast.Candidates;
import com.ltvforecast.json.Json;
import com.ltvforecast.model.TrainingOptions;
import com.ltvforecast.registry.CorruptArtifactException;
import com.ltvforecast.registry.ModelArtifacts;
import com.ltvforecast.registry.ModelMetadata;
import com.ltvforecast.registry.ModelVersion;
import com.ltvforecast.storage.ObjectStore;
import com.ltvforecast.testing.InMemoryModelRegistry;
import com.ltvforecast.testing.InterceptingObjectStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Promotion order, the checksum's coverage, and rollback, over the in-memory fakes of our own
 * ports, with a fast registered test candidate (no network training).
 */
class PromotionTest {

  private static final TrainCommand PAPER = new TrainCommand(LocalDate.parse("1998-07-01"), 273);

  /** Same features as of 1997-10-01, another horizon (a backfill with {"horizon_days": 300}). */
  private static final TrainCommand OTHER_HORIZON =
      new TrainCommand(LocalDate.parse("1998-07-28"), 300);

  private static final List<Candidate> CANDIDATES =
      List.of(new BtydCandidate(), new FakeCandidate(60));

  @TempDir Path work;

  private TrainingFixtures ruleData() {
    return TrainingFixtures.ruleData(work);
  }

  private TrainingService service(TrainingFixtures fixtures, InMemoryModelRegistry registry) {
    return service(fixtures, registry, fixtures.store, CANDIDATES);
  }

  /** With the model artifacts read and written through {@code artifacts}. */
  private TrainingService service(
      TrainingFixtures fixtures,
      InMemoryModelRegistry registry,
      ObjectStore artifacts,
      List<Candidate> candidates) {
    return new TrainingService(
        new com.ltvforecast.curated.CuratedReader(fixtures.store),
        new ModelArtifacts(artifacts),
        registry,
        (name, version, asOf, horizon) -> fixtures.promotions.add(version),
        "ltv",
        TrainingFixtures.settings(6),
        TrainingOptions.defaults().withMaxEpochs(6),
        work,
        Clock.systemUTC(),
        candidates);
  }

  private static String onlyVersion(InMemoryModelRegistry registry) {
    return registry.production("ltv").orElseThrow().version();
  }

  @Test
  void train_shouldPublishEveryFile_beforeRegisteringOrPromoting() {
    TrainingFixtures fixtures = ruleData();
    List<String> missingAtRegistration = new ArrayList<>();
    List<String> missingAtPromotion = new ArrayList<>();
    InMemoryModelRegistry registry =
        new InMemoryModelRegistry() {
          @Override
          public void register(ModelVersion version) {
            missingAtRegistration.addAll(missing(fixtures, version.artifactPrefix()));
            super.register(version);
          }

          @Override
          public synchronized void promote(
              String modelName, String version, String expectedCurrent) {
            missingAtPromotion.addAll(missing(fixtures, ModelArtifacts.prefix(modelName, version)));
            super.promote(modelName, version, expectedCurrent);
          }
        };

    TrainingReport report = service(fixtures, registry).train(PAPER, e -> {});

    assertTrue(report.promoted(), report.explanation());
    assertEquals(List.of(), missingAtRegistration, "files missing when the version was registered");
    assertEquals(List.of(), missingAtPromotion, "files missing when production was promoted");
  }

  @Test
  void train_shouldDownloadProductionOnce_forItsHorizonItsScoresAndTheHorizonRule() {
    // given production, of a kind the serving loaders read (the fake candidate's is not)
    TrainingFixtures fixtures = ruleData();
    InMemoryModelRegistry registry = new InMemoryModelRegistry();
    TrainingReport first =
        service(fixtures, registry, fixtures.store, Candidates.defaults()).train(PAPER, e -> {});
    if (!first.promoted()) {
      registry.promote("ltv", first.modelVersion(), null);
    }
    String productionModel =
        ModelArtifacts.prefix("ltv", first.modelVersion()) + ModelArtifacts.MODEL_DIR;
    AtomicInteger downloads = new AtomicInteger();
    ObjectStore counting =
        new InterceptingObjectStore(
            fixtures.store,
            (op, key) -> {
              if (op == InterceptingObjectStore.Op.LIST && key.equals(productionModel)) {
                downloads.incrementAndGet();
              }
            });

    // when a run compares itself with production
    TrainingReport second =
        service(fixtures, registry, counting, Candidates.defaults()).train(PAPER, e -> {});

    // then production was scored, and its files were downloaded once
    assertTrue(second.metrics().containsKey("production"), second.metrics().keySet().toString());
    assertEquals(1, downloads.get(), "downloads of production's model files in one run");
  }

  private static List<String> missing(TrainingFixtures fixtures, String prefix) {
    List<String> missing = new ArrayList<>();
    for (String name :
        List.of(
            ModelArtifacts.METADATA,
            ModelArtifacts.EVALUATION,
            ModelArtifacts.EVALUATION_HTML,
            "model/forecaster.json")) {
      if (fixtures.store.read(prefix + name).isEmpty()) {
        missing.add(name);
      }
    }
    return missing;
  }

  @Test
  void servingLoaders_shouldRefuseAVersion_whoseMetadataWasAlteredAfterPromotion()
      throws Exception {
    TrainingFixtures fixtures = ruleData();
    InMemoryModelRegistry registry = new InMemoryModelRegistry();
    service(fixtures, registry).train(PAPER, e -> {});
    ModelVersion production = registry.production("ltv").orElseThrow();
    ModelArtifacts artifacts = new ModelArtifacts(fixtures.store);
    artifacts.download(production, work.resolve("ok"));
    // when metadata.json (horizon, BG/NBD parameters, input names serving rebuilds rows from) is
    // altered
    String key = production.artifactPrefix() + ModelArtifacts.METADATA;
    com.fasterxml.jackson.databind.node.ObjectNode metadata =
        (com.fasterxml.jackson.databind.node.ObjectNode)
            Json.MAPPER.readTree(fixtures.store.get(key));
    metadata.put("horizonDays", 30);
    fixtures.store.put(key, Json.bytes(metadata));
    // then the download and the serving load refuse the version
    assertThrows(
        CorruptArtifactException.class, () -> artifacts.download(production, work.resolve("bad")));
    assertThrows(
        CorruptArtifactException.class,
        () ->
            com.ltvforecast.serving.ServingModel.load(
                production, artifacts, work, com.ltvforecast.forecast.Forecasters::loadServing));
  }

  @Test
  void rollback_shouldRefuseAGateRejectedVersion_andLeaveProductionAlone() {
    TrainingFixtures fixtures = ruleData();
    InMemoryModelRegistry registry = new InMemoryModelRegistry();
    TrainingService service = service(fixtures, registry);
    String promoted = service.train(PAPER, e -> {}).modelVersion();
    // a second run the gate rejects (simulated by the gate's own record: status REJECTED with
    // reasons)
    String rejected = service.train(PAPER, e -> {}).modelVersion();
    registry.promote("ltv", promoted, rejected); // production back at the first version
    registry.updateStatus(
        "ltv", rejected, ModelVersion.Status.REJECTED, List.of("spend RMSE worse than naive"));

    RollbackRefusedException e =
        assertThrows(RollbackRefusedException.class, () -> service.rollback(rejected));

    assertTrue(
        e.getMessage().contains("rejected") && e.getMessage().contains("worse than naive"),
        e.getMessage());
    assertEquals(promoted, onlyVersion(registry));
    assertEquals(0, e.getStackTrace().length, "no stack trace reaches the caller");
  }

  @Test
  void rollback_shouldVerifyTheTargetsArtifacts_beforeMovingThePointer() {
    TrainingFixtures fixtures = ruleData();
    InMemoryModelRegistry registry = new InMemoryModelRegistry();
    TrainingService service = service(fixtures, registry);
    String first = service.train(PAPER, e -> {}).modelVersion();
    String second = service.train(PAPER, e -> {}).modelVersion();
    assertEquals(second, onlyVersion(registry));
    // the first version's model file is altered in the bucket
    String prefix = ModelArtifacts.prefix("ltv", first);
    String modelFile = fixtures.store.list(prefix + "model/").get(0);
    fixtures.store.put(modelFile, "tampered".getBytes(StandardCharsets.UTF_8));

    RollbackRefusedException e =
        assertThrows(RollbackRefusedException.class, () -> service.rollback(first));

    assertTrue(e.getMessage().contains("checksum"), e.getMessage());
    assertEquals(second, onlyVersion(registry));
    assertEquals(
        List.of(first, second), fixtures.promotions, "no ModelPromoted for a refused rollback");
  }

  @Test
  void rollback_shouldMoveThePointer_toAVerifiedEarlierVersion() {
    TrainingFixtures fixtures = ruleData();
    InMemoryModelRegistry registry = new InMemoryModelRegistry();
    TrainingService service = service(fixtures, registry);
    String first = service.train(PAPER, e -> {}).modelVersion();
    String second = service.train(PAPER, e -> {}).modelVersion();

    TrainingService.RollbackReport report = service.rollback(" " + first + " ");

    assertEquals(new TrainingService.RollbackReport(second, first), report);
    assertEquals(first, onlyVersion(registry));
    assertEquals(ModelVersion.Status.ARCHIVED, registry.find("ltv", second).orElseThrow().status());
    assertEquals(List.of(first, second, first), fixtures.promotions);
  }

  @Test
  void rollback_shouldAnswerAClearError_forThePointerNameBlankUnknownOrMalformedValues() {
    TrainingFixtures fixtures = ruleData();
    InMemoryModelRegistry registry = new InMemoryModelRegistry();
    TrainingService service = service(fixtures, registry);
    String first = service.train(PAPER, e -> {}).modelVersion();
    TrainFunction function = new TrainFunction(service, 273, Clock.systemUTC());

    for (Object value :
        new Object[] {
          "PRODUCTION",
          "production",
          "",
          "   ",
          null,
          "no-such-version",
          "../../etc",
          Map.of("v", 1),
          42
        }) {
      java.util.HashMap<String, Object> event = new java.util.HashMap<>();
      event.put("rollback_to", value);
      InvalidRequestException e =
          assertThrows(
              InvalidRequestException.class,
              () -> function.handleRequest(event, null),
              String.valueOf(value));
      assertTrue(
          e.getMessage().startsWith("rollback_to") || e.getMessage().startsWith("no version"),
          value + ": " + e.getMessage());
      assertTrue(
          e.getMessage().contains(first),
          "the message names what can be rolled back to: " + e.getMessage());
      assertEquals(0, e.getStackTrace().length);
      assertEquals(first, onlyVersion(registry));
    }
  }

  @Test
  void train_shouldNeverReplaceProductionOfAnotherHorizon_unlessItIsTheConfiguredServingHorizon() {
    TrainingFixtures fixtures = ruleData();
    InMemoryModelRegistry registry = new InMemoryModelRegistry();
    TrainingService service = service(fixtures, registry);
    String paper = service.train(PAPER, e -> {}).modelVersion();
    // a backfill with another horizon: published and evaluated, never promoted over the 273-day
    // model
    TrainingReport backfill = service.withServingHorizonDays(273).train(OTHER_HORIZON, e -> {});
    assertFalse(backfill.promoted());
    assertTrue(
        backfill.reasons().stream()
            .anyMatch(r -> r.contains("horizon 300 days differs from production")),
        backfill.reasons().toString());
    assertEquals(paper, onlyVersion(registry));
    assertEquals(
        ModelVersion.Status.REJECTED,
        registry.find("ltv", backfill.modelVersion()).orElseThrow().status());
    // nor without a configured horizon
    assertFalse(service.train(OTHER_HORIZON, e -> {}).promoted());
    assertEquals(paper, onlyVersion(registry));
    // nor by a rollback to it (rejected), while a run of the configured serving horizon may switch
    // it
    assertThrows(RollbackRefusedException.class, () -> service.rollback(backfill.modelVersion()));
    TrainingService reconfigured = service.withServingHorizonDays(300);
    TrainingReport switched = reconfigured.train(OTHER_HORIZON, e -> {});
    assertTrue(switched.promoted(), switched.reasons().toString());
    ModelMetadata metadata =
        Json.read(
            new ModelArtifacts(fixtures.store)
                .readJson(registry.production("ltv").orElseThrow(), ModelArtifacts.METADATA),
            ModelMetadata.class);
    assertEquals(300, metadata.horizonDays());
    // and a rollback to the 273-day model is refused while the serving horizon is 300
    RollbackRefusedException e =
        assertThrows(RollbackRefusedException.class, () -> reconfigured.rollback(paper));
    assertTrue(e.getMessage().contains("horizon"), e.getMessage());
    assertEquals(switched.modelVersion(), onlyVersion(registry));
    assertEquals(
        new TrainingService.RollbackReport(switched.modelVersion(), paper),
        service.withServingHorizonDays(273).rollback(paper));
  }
}
