package com.ltvforecast.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ltvforecast.json.Json;
import com.ltvforecast.model.TrainingOptions;
import com.ltvforecast.registry.ModelArtifacts;
import com.ltvforecast.registry.ModelMetadata;
import com.ltvforecast.registry.ModelVersion;
import com.ltvforecast.registry.PromotionConflictException;
import com.ltvforecast.testing.InMemoryModelRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The training service over in-memory fakes of our own ports, on the CDNOW sample. */
class TrainingServiceTest {

  private static final TrainCommand PAPER = new TrainCommand(LocalDate.parse("1998-07-01"), 273);
  private static final TrainingOptions FAST = TrainingOptions.defaults().withMaxEpochs(4);

  @TempDir Path work;

  private TrainingFixtures sample() {
    return new TrainingFixtures(work).ingest("cdnow/transactions_sample.csv");
  }

  @Test
  void train_shouldPromoteAndAnnounce_whenGatePasses() {
    // given
    TrainingFixtures fixtures = sample();
    InMemoryModelRegistry registry = new InMemoryModelRegistry();
    // when
    TrainingReport report =
        fixtures
            .service(registry, TrainingFixtures.settings(300), TrainingOptions.defaults())
            .train(PAPER, epoch -> {});
    // then
    assertTrue(report.promoted(), report.reasons().toString());
    assertEquals(report.modelVersion(), registry.production("ltv").orElseThrow().version());
    assertEquals(List.of(report.modelVersion()), fixtures.promotions);
  }

  @Test
  void train_shouldRecordLostRace_whenAnotherRunPromotesFirst() {
    // given a registry where another run promotes between our read and our conditional write
    TrainingFixtures fixtures = sample();
    InMemoryModelRegistry registry =
        new InMemoryModelRegistry() {
          @Override
          public synchronized void promote(
              String modelName, String version, String expectedCurrent) {
            if (!version.startsWith("other")) {
              register(
                  new ModelVersion(
                      modelName,
                      "other-run",
                      ModelVersion.Status.CANDIDATE,
                      "models/ltv/other-run/",
                      "abc",
                      java.time.Instant.now(),
                      java.util.Map.of(),
                      List.of()));
              super.promote(modelName, "other-run", expectedCurrent);
            }
            super.promote(modelName, version, expectedCurrent);
          }
        };
    // when
    TrainingReport report =
        fixtures
            .service(registry, TrainingFixtures.settings(300), TrainingOptions.defaults())
            .train(PAPER, epoch -> {});
    // then exactly one run holds production, and the loser says why
    assertFalse(report.promoted());
    assertTrue(
        report.reasons().get(0).contains("lost the promotion race"), report.reasons().toString());
    assertEquals("other-run", registry.production("ltv").orElseThrow().version());
    assertEquals(
        ModelVersion.Status.REJECTED,
        registry.find("ltv", report.modelVersion()).orElseThrow().status());
  }

  @Test
  void promote_shouldAllowOnlyOneOfTwoWritersExpectingTheSamePointer() {
    InMemoryModelRegistry registry = new InMemoryModelRegistry();
    registry.promote("ltv", "a", null);
    assertThrows(PromotionConflictException.class, () -> registry.promote("ltv", "b", null));
  }

  @Test
  void train_shouldRejectWithReason_whenTooFewCustomers() {
    // given 3 customers
    TrainingFixtures fixtures =
        new TrainingFixtures(work)
            .ingest(
                "tiny.csv",
                ("customer_id,event_time,amount\n"
                        + "a,1997-01-01,10\nb,1997-02-01,20\nc,1997-03-01,30\na,1997-12-01,5\n")
                    .getBytes(StandardCharsets.UTF_8));
    InMemoryModelRegistry registry = new InMemoryModelRegistry();
    // when
    TrainingReport report =
        fixtures.service(registry, TrainingFixtures.settings(5), FAST).train(PAPER, epoch -> {});
    // then
    assertFalse(report.promoted());
    assertTrue(
        report.reasons().get(0).contains("too few eligible customers: 3"),
        report.reasons().toString());
    assertEquals(ModelVersion.Status.REJECTED, registry.versions("ltv").get(0).status());
  }

  @Test
  void train_shouldRejectWithReason_whenChurnLabelsHaveOneClass() {
    // given 300 customers who all buy again inside the horizon
    StringBuilder csv = new StringBuilder("customer_id,event_time,amount\n");
    for (int i = 0; i < 300; i++) {
      csv.append("c").append(i).append(",1997-01-0").append(1 + i % 9).append(",10\n");
      csv.append("c").append(i).append(",1998-01-0").append(1 + i % 9).append(",12\n");
    }
    TrainingFixtures fixtures =
        new TrainingFixtures(work)
            .ingest("oneclass.csv", csv.toString().getBytes(StandardCharsets.UTF_8));
    // when
    TrainingReport report =
        fixtures
            .service(new InMemoryModelRegistry(), TrainingFixtures.settings(5), FAST)
            .train(PAPER, epoch -> {});
    // then
    assertFalse(report.promoted());
    assertTrue(report.reasons().get(0).contains("single class"), report.reasons().toString());
  }

  @Test
  void train_shouldTrainOnHashSample_whenEligibleCustomersExceedCap() {
    // given a cap of 1,000 on the 2,357 sample customers
    TrainingFixtures fixtures = sample();
    InMemoryModelRegistry registry = new InMemoryModelRegistry();
    // when
    TrainingReport report =
        fixtures
            .service(
                registry,
                new com.ltvforecast.config.TrainingSettings(
                    4, 900, 1_000, 200, 0.05, 0.05, "default"),
                FAST)
            .train(PAPER, epoch -> {});
    // then about 1,000 customers are used, and the metadata records the sample
    int used = report.trainCustomers() + report.validationCustomers();
    assertTrue(used > 850 && used < 1150, "used " + used);
    ModelVersion version = registry.find("ltv", report.modelVersion()).orElseThrow();
    ModelMetadata metadata =
        Json.read(
            new ModelArtifacts(fixtures.store).readJson(version, ModelArtifacts.METADATA),
            ModelMetadata.class);
    assertEquals(2_357, metadata.eligibleCustomers());
    assertEquals(1_000.0 / 2_357, metadata.sampleShare(), 1e-9);
  }

  @Test
  void rollback_shouldPointProductionAtEarlierVersion_andRefuseUnknownOrModelless() {
    // given two promoted versions
    TrainingFixtures fixtures = sample();
    InMemoryModelRegistry registry = new InMemoryModelRegistry();
    TrainingService service =
        fixtures.service(
            registry,
            TrainingFixtures.settings(300),
            TrainingOptions.defaults().withMaxEpochs(300));
    String first = service.train(PAPER, epoch -> {}).modelVersion();
    TrainingReport second = service.train(PAPER, epoch -> {});
    assertTrue(
        second.metrics().containsKey("production"), "the second run is compared with production");
    String current = registry.production("ltv").orElseThrow().version();
    // when
    TrainingService.RollbackReport rollback = service.rollback(first);
    // then
    assertEquals(first, registry.production("ltv").orElseThrow().version());
    assertEquals(current, rollback.previousProduction());
    assertThrows(RollbackRefusedException.class, () -> service.rollback("no-such-version"));
  }
}
