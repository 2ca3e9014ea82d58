package com.ltvforecast.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.ltvforecast.config.TrainingSettings;
import com.ltvforecast.evaluation.SpendChurnMetrics;
import com.ltvforecast.forecast.BtydCandidate;
import com.ltvforecast.forecast.Candidate;
import com.ltvforecast.forecast.Forecaster;
import com.ltvforecast.forecast.Forecasters;
import com.ltvforecast.forecast.NetworkCandidate;
import com.ltvforecast.json.Json;
import com.ltvforecast.model.TrainingOptions;
import com.ltvforecast.registry.ModelArtifacts;
import com.ltvforecast.registry.ModelMetadata;
import com.ltvforecast.registry.ModelVersion;
import com.ltvforecast.serving.ServingModel;
import com.ltvforecast.testing.InMemoryModelRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The candidate seam, selection, fallback, rejection, reproducibility and the evaluation report,
 * end to end.
 */
class CandidateSelectionTest {

  private static final TrainCommand PAPER = new TrainCommand(LocalDate.parse("1998-07-01"), 273);
  private static final TrainingOptions FAST = TrainingOptions.defaults().withMaxEpochs(6);

  @TempDir Path work;

  private TrainingFixtures ruleData() {
    return TrainingFixtures.ruleData(work);
  }

  private static TrainingService service(
      TrainingFixtures fixtures,
      InMemoryModelRegistry registry,
      TrainingSettings settings,
      TrainingOptions options,
      List<Candidate> candidates) {
    return new TrainingService(
        new com.ltvforecast.curated.CuratedReader(fixtures.store),
        new ModelArtifacts(fixtures.store),
        registry,
        (name, version, asOf, horizon) -> fixtures.promotions.add(version),
        "ltv",
        settings,
        options,
        fixturesWork(fixtures),
        java.time.Clock.systemUTC(),
        candidates);
  }

  private static Path fixturesWork(TrainingFixtures fixtures) {
    try {
      return Files.createTempDirectory("candidate-test-");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void aRegisteredFakeCandidate_shouldBeFittedSelectedSavedAndServed() throws Exception {
    TrainingFixtures fixtures = ruleData();
    InMemoryModelRegistry registry = new InMemoryModelRegistry();
    List<Candidate> candidates =
        List.of(new BtydCandidate(), new FakeCandidate(60)); // the one line

    TrainingReport report =
        service(fixtures, registry, TrainingFixtures.settings(6), FAST, candidates)
            .train(PAPER, e -> {});

    assertTrue(report.promoted(), report.explanation());
    assertEquals(Map.of("spend", "fake", "churn", "fake"), report.selected());
    assertTrue(report.candidateMetrics().containsKey("fake"));
    assertTrue(
        report.selectionMetrics().get("fake").spendRmse()
            < report.selectionMetrics().get("naive").spendRmse());
    // the saved artifact is the fake kind and loads back through the registry of kinds
    ModelVersion version = registry.production("ltv").orElseThrow();
    Path dir = new ModelArtifacts(fixtures.store).download(version, work.resolve("dl"));
    assertEquals(
        FakeCandidate.KIND,
        Json.MAPPER
            .readTree(Files.readAllBytes(dir.resolve(Forecasters.FILE)))
            .path("kind")
            .asText());
    try (Forecaster loaded = Forecasters.load(dir, candidates)) {
      assertEquals(0.0, loaded.predict(new double[16]).spend());
    }
    ModelMetadata metadata =
        Json.read(
            new ModelArtifacts(fixtures.store).readJson(version, ModelArtifacts.METADATA),
            ModelMetadata.class);
    assertEquals("fake", metadata.selection().get("spend_from"));
    assertEquals(FakeCandidate.KIND, metadata.forecasterKind());
  }

  @Test
  void whenTheNetworkFails_theBgNbdCandidateShouldBePromotedAndServed() {
    TrainingFixtures fixtures = new TrainingFixtures(work).ingest("cdnow/transactions_sample.csv");
    InMemoryModelRegistry registry = new InMemoryModelRegistry();
    // a learning rate that makes the network's loss non-finite
    TrainingReport report =
        fixtures
            .service(registry, TrainingFixtures.settings(5), FAST.withLearningRate(1e12))
            .train(PAPER, e -> {});

    assertTrue(report.promoted(), report.explanation());
    assertEquals(Map.of("spend", "bgnbd", "churn", "bgnbd"), report.selected());
    assertTrue(
        report.candidateFailures().containsKey(NetworkCandidate.NAME),
        report.candidateFailures().toString());
    assertTrue(report.explanation().contains("could not be fitted"), report.explanation());
    ModelVersion version = registry.production("ltv").orElseThrow();
    try (ServingModel model =
        ServingModel.load(
            version, new ModelArtifacts(fixtures.store), work, Forecasters::loadServing)) {
      // BG/NBD's spend is served calibrated in the large: a one-component blend of the BG/NBD
      // forecaster,
      // spend scaled by one factor (same ranking and correlation), churn as it is
      assertEquals("blend", model.kind());
      assertEquals(
          report.metrics().get("bgnbd").spendCorr(),
          report.metrics().get("model").spendCorr(),
          1e-9);
      assertEquals(
          report.metrics().get("bgnbd").churnAuc(),
          report.metrics().get("model").churnAuc(),
          1e-12);
      assertEquals(
          report.metrics().get("bgnbd").churnBrier(),
          report.metrics().get("model").churnBrier(),
          1e-12);
    }
  }

  @Test
  void whenNoCandidateBeatsNaive_theRunShouldBeRejectedWithAParagraphThatSaysWhy() {
    // every customer buys 10 every week, or stopped for good half a year before D: naive is exact
    StringBuilder csv = new StringBuilder("customer_id,event_time,amount\n");
    LocalDate start = LocalDate.parse("1996-10-07");
    for (int i = 0; i < 300; i++) {
      LocalDate last = i % 2 == 0 ? LocalDate.parse("1998-06-30") : LocalDate.parse("1996-12-31");
      for (LocalDate d = start.plusDays(i % 7); d.isBefore(last); d = d.plusDays(7)) {
        csv.append("w").append(i).append(',').append(d).append(",10\n");
      }
    }
    TrainingFixtures fixtures =
        new TrainingFixtures(work)
            .ingest("weekly.csv", csv.toString().getBytes(StandardCharsets.UTF_8));
    InMemoryModelRegistry registry = new InMemoryModelRegistry();

    TrainingReport report =
        service(
                fixtures,
                registry,
                TrainingFixtures.settings(5),
                FAST,
                List.of(new BtydCandidate()))
            .train(PAPER, e -> {});

    assertFalse(report.promoted());
    assertFalse(report.reasons().isEmpty());
    assertTrue(
        report.explanation().contains("not promoted")
            || report.explanation().contains("trained no model"),
        report.explanation());
    assertTrue(report.explanation().contains("No production model exists"), report.explanation());
    assertTrue(registry.production("ltv").isEmpty());
    ModelVersion version = registry.versions("ltv").get(0);
    assertEquals(ModelVersion.Status.REJECTED, version.status());
    assertEquals(report.reasons(), version.reasons());
    assertTrue(fixtures.promotions.isEmpty());
  }

  @Test
  void twoRunsWithTheSameSeed_shouldGiveIdenticalMetrics_andTheSeedShouldBeRecorded() {
    TrainingFixtures fixtures = new TrainingFixtures(work).ingest("cdnow/transactions_sample.csv");
    TrainingSettings settings = TrainingFixtures.settings(8).withSeed(7);
    TrainingReport first =
        fixtures.service(new InMemoryModelRegistry(), settings, FAST).train(PAPER, e -> {});
    TrainingReport second =
        fixtures.service(new InMemoryModelRegistry(), settings, FAST).train(PAPER, e -> {});

    assertEquals(first.selected(), second.selected());
    assertSameMetrics(first.metrics(), second.metrics());
    assertSameMetrics(first.candidateMetrics(), second.candidateMetrics());
    assertSameMetrics(first.selectionMetrics(), second.selectionMetrics());
  }

  private static void assertSameMetrics(
      Map<String, SpendChurnMetrics> a, Map<String, SpendChurnMetrics> b) {
    assertEquals(a.keySet(), b.keySet());
    a.forEach(
        (name, m) -> {
          SpendChurnMetrics o = b.get(name);
          double[] x = {
            m.spendMae(), m.spendRmse(), m.spendCorr(), m.spendBias(), m.churnAuc(), m.churnBrier()
          };
          double[] y = {
            o.spendMae(), o.spendRmse(), o.spendCorr(), o.spendBias(), o.churnAuc(), o.churnBrier()
          };
          for (int i = 0; i < x.length; i++) {
            assertEquals(
                String.format("%.6g", x[i]), String.format("%.6g", y[i]), name + " metric " + i);
          }
        });
  }

  @Test
  void evaluationHtml_shouldHaveEverySection_andShowTheNumbersOfEvaluationJson() throws Exception {
    TrainingFixtures fixtures = new TrainingFixtures(work).ingest("cdnow/transactions_sample.csv");
    InMemoryModelRegistry registry = new InMemoryModelRegistry();
    TrainingReport report =
        fixtures.service(registry, TrainingFixtures.settings(6), FAST).train(PAPER, e -> {});
    String prefix = report.artifactPrefix();
    JsonNode json =
        Json.MAPPER.readTree(fixtures.store.read(prefix + ModelArtifacts.EVALUATION).orElseThrow());
    String html =
        new String(
            fixtures.store.read(prefix + ModelArtifacts.EVALUATION_HTML).orElseThrow(),
            StandardCharsets.UTF_8);

    assertTrue(html.startsWith("<!DOCTYPE html>"));
    assertFalse(
        html.contains("http://")
            && html.replace("http://www.w3.org/2000/svg", "").contains("http://"),
        "self-contained: nothing fetched");
    assertFalse(html.contains("<script") || html.contains("<link") || html.contains("src="));
    for (String section :
        List.of(
            "explanation",
            "selection",
            "metrics",
            "out-of-fold",
            "deciles",
            "reliability",
            "segments")) {
      assertTrue(html.contains("<section id=\"" + section + "\""), "section " + section);
    }
    assertTrue(html.contains("<svg"), "inline SVG charts");
    // every number carries its JSON path; each must equal the JSON value
    Matcher m = Pattern.compile("data-key=\"([^\"]+)\" data-value=\"([^\"]+)\"").matcher(html);
    int checked = 0;
    java.util.Set<String> keys = new java.util.HashSet<>();
    while (m.find()) {
      JsonNode node = json;
      for (String part : m.group(1).split("\\.")) {
        node = node.isArray() ? node.path(Integer.parseInt(part)) : node.path(part);
      }
      assertTrue(node.isNumber(), m.group(1) + " is not a number in evaluation.json");
      assertEquals(node.asDouble(), Double.parseDouble(m.group(2)), 0.0, m.group(1));
      keys.add(m.group(1));
      checked++;
    }
    assertTrue(checked > 100, "checked " + checked);
    // the sections the issue asks for, by their numbers
    for (String key :
        List.of(
            "metrics.model.spend_rmse",
            "metrics.bgnbd.spend_rmse",
            "metrics.naive.spend_rmse",
            "metrics.model.spend_gini",
            "metrics.model.churn_brier",
            "metrics.bgnbd.churn_brier",
            "charts.deciles.model.0.mean_predicted",
            "charts.deciles.model.0.mean_actual",
            "charts.deciles.bgnbd.9.mean_actual",
            "charts.reliability.model.0.observed",
            "segments.one_time.customers",
            "segments.one_time.model.spend_rmse",
            "segments.repeaters.bgnbd.spend_rmse",
            "selection.out_of_fold_metrics.selected.spend_rmse")) {
      assertTrue(keys.contains(key), "the page shows " + key);
    }
    for (String candidate : report.candidateMetrics().keySet()) {
      assertTrue(keys.contains("metrics.candidates." + candidate + ".spend_rmse"), candidate);
    }
    // the headline numbers match the training report too
    assertEquals(
        report.metrics().get("model").spendRmse(),
        json.path("metrics").path("model").path("spend_rmse").asDouble(),
        0.0);
    assertEquals(
        json.path("segments").path("one_time").path("customers").asInt()
            + json.path("segments").path("repeaters").path("customers").asInt(),
        report.validationCustomers());
    assertTrue(html.contains(json.path("selected").path("spend").asText()));
    assertNotNull(json.path("selection").path("decisions").get(0));
  }
}
