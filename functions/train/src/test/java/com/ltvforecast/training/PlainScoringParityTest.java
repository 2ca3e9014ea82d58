package com.ltvforecast.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ltvforecast.features.CustomerHistories;
import com.ltvforecast.forecast.BlendForecaster;
import com.ltvforecast.forecast.BtydCandidate;
import com.ltvforecast.forecast.BtydForecaster;
import com.ltvforecast.forecast.FitContext;
import com.ltvforecast.forecast.FitData;
import com.ltvforecast.forecast.Forecaster;
import com.ltvforecast.forecast.Forecasters;
import com.ltvforecast.forecast.NetworkCandidate;
import com.ltvforecast.forecast.NetworkForecaster;
import com.ltvforecast.forecast.PlainForecasters;
import com.ltvforecast.forecast.PlainNetworkForecaster;
import com.ltvforecast.forward.PlainNetwork;
import com.ltvforecast.model.Prediction;
import com.ltvforecast.model.Predictions;
import com.ltvforecast.model.TrainingOptions;
import com.ltvforecast.selection.Folds;
import com.ltvforecast.testing.ProjectFiles;
import com.ltvforecast.transactions.TransactionParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API scores every kind in plain Java from the artifact training writes; this checks it against
 * DJL on the CDNOW sample (paper protocol, every eligible customer): each network member's spend
 * and churn heads against that member's own DJL block, the served forecaster's heads (BG/NBD, the
 * network, a blend of both) loaded both ways, to 1e-5 relative.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlainScoringParityTest {

  private static final double RELATIVE = 1e-5;

  @TempDir static Path dir;
  private double[][] features;
  private Path saved;

  @BeforeAll
  void fitAndSaveABlendOfBothCandidates() throws IOException {
    CustomerHistories histories = CustomerHistories.before(LocalDate.parse("1998-07-01"));
    TransactionParser parser = new TransactionParser();
    List<String> lines = Files.readAllLines(ProjectFiles.data("cdnow/transactions_sample.csv"));
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",");
      histories.add(parser.parse(f[0], f[1], f[2], null));
    }
    TrainingSet set =
        TrainingSet.build(
            histories, new TrainCommand(LocalDate.parse("1998-07-01"), 273), 1_000_000);
    TrainingSet.RowData rows = set.rows(IntStream.range(0, set.size()).toArray());
    features = rows.features();
    FitData data = new FitData(features, rows.spend(), rows.churned());
    FitContext context =
        new FitContext(
            273, 42, TrainingOptions.defaults().withMaxEpochs(5), Duration.ofMinutes(5), e -> {});
    BtydForecaster btyd = new BtydCandidate().fit(data, context);
    Forecaster network =
        new NetworkCandidate()
            .crossFit(data, Folds.assign(set.customerIds(), 3), 3, context)
            .model();
    saved = dir.resolve("model");
    try (Forecaster blend =
        new BlendForecaster(
            List.of("bgnbd", "network"),
            List.of(btyd, network),
            new double[] {0.45, 0.7},
            new double[] {0.25, 0.75})) {
      Forecasters.save(blend, saved);
    }
  }

  @Test
  void everyNetworkMemberAndHead_shouldMatchItsDjlBlock() {
    try (Forecaster djl = Forecasters.load(saved.resolve("component-1"));
        Forecaster java = PlainForecasters.load(saved.resolve("component-1"))) {
      NetworkForecaster network = (NetworkForecaster) djl;
      PlainNetwork plain = ((PlainNetworkForecaster) java).network();
      assertEquals(network.ensemble().size(), plain.members());
      assertTrue(plain.members() >= 3, "members: " + plain.members());
      double[][] rows = new double[features.length][];
      for (int i = 0; i < rows.length; i++) {
        rows[i] = network.inputParameters().inputs().row(features[i]);
      }
      double worst = 0;
      for (int k = 0; k < plain.members(); k++) {
        Predictions member = network.ensemble().member(k, rows);
        for (int i = 0; i < rows.length; i++) {
          Prediction p = plain.member(k, rows[i]);
          worst =
              Math.max(
                  worst,
                  assertClose(member.spend()[i], p.spend(), "member " + k + " spend, row " + i));
          worst =
              Math.max(
                  worst,
                  assertClose(
                      member.churnProbability()[i],
                      p.churnProbability(),
                      "member " + k + " churn, row " + i));
        }
      }
      System.out.printf(
          "plain vs DJL, %d members x %d customers x 2 heads: largest relative difference %.2e%n",
          plain.members(), rows.length, worst);
    }
  }

  @Test
  void theServedHeads_shouldMatchDjl_forEveryKind() {
    for (String kind : List.of("component-0", "component-1", "")) {
      Path files = kind.isEmpty() ? saved : saved.resolve(kind);
      try (Forecaster djl = Forecasters.load(files);
          Forecaster java = PlainForecasters.load(files)) {
        assertEquals(djl.kind(), java.kind());
        assertEquals(djl.networkMembers(), java.networkMembers());
        Predictions a = djl.predict(features);
        Predictions b = java.predict(features);
        double worst = 0;
        for (int i = 0; i < features.length; i++) {
          worst =
              Math.max(
                  worst, assertClose(a.spend()[i], b.spend()[i], djl.kind() + " spend, row " + i));
          worst =
              Math.max(
                  worst,
                  assertClose(
                      a.churnProbability()[i],
                      b.churnProbability()[i],
                      djl.kind() + " churn, row " + i));
        }
        if (djl.kind().equals("btyd")) {
          assertArrayEquals(a.spend(), b.spend(), "the same plain code on both sides");
        }
        System.out.printf(
            "%s served heads, %d customers: largest relative difference %.2e%n",
            djl.kind(), features.length, worst);
      }
    }
  }

  private static double assertClose(double expected, double actual, String what) {
    double relative = Math.abs(expected - actual) / Math.max(Math.abs(expected), Double.MIN_NORMAL);
    assertTrue(
        relative <= RELATIVE,
        what + ": DJL " + expected + ", plain " + actual + " (relative " + relative + ")");
    return relative;
  }
}
