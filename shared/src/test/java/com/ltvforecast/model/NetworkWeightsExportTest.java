package com.ltvforecast.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ltvforecast.forward.NetworkWeights;
import com.ltvforecast.forward.PlainNetwork;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The description saved beside the DJL parameters is the network: the plain pass over it agrees
 * with DJL.
 */
class NetworkWeightsExportTest {

  @TempDir Path dir;

  @Test
  void save_shouldExportTheDescription_thatThePlainForwardScoresLikeEveryDjlMember()
      throws Exception {
    // given a two-member ensemble, saved
    TrainingOptions fast = TrainingOptions.defaults().withMaxEpochs(3).withBatchSize(64);
    TrainingData train = SyntheticData.generate(300, 5);
    TrainingData rows = SyntheticData.generate(50, 6);
    try (LtvEnsemble ensemble =
        LtvEnsemble.train(2, fast, epoch -> {}, SyntheticData.NAMES, 90, train, rows).ensemble()) {
      ensemble.save(dir);
      // when the description is read back from the file alone
      assertTrue(Files.isRegularFile(dir.resolve(NetworkWeights.FILE)));
      NetworkWeights read = NetworkWeights.load(dir);
      PlainNetwork plain = new PlainNetwork(read);
      // then it is the ensemble's own, and each member and head agrees with that member's DJL block
      assertEquals(ensemble.weights(), read);
      assertEquals(2, plain.members());
      double[][] x = rows.features();
      for (int k = 0; k < 2; k++) {
        Predictions djl = ensemble.member(k, x);
        for (int r = 0; r < x.length; r++) {
          Prediction java = plain.member(k, x[r]);
          assertEquals(
              djl.spend()[r], java.spend(), 1e-5 * djl.spend()[r], "member " + k + " row " + r);
          assertEquals(
              djl.churnProbability()[r],
              java.churnProbability(),
              1e-5 * djl.churnProbability()[r],
              "member " + k + " row " + r);
        }
      }
      // and the ensemble average agrees with the stacked DJL pass built from the same description
      Predictions stacked = ensemble.predict(x);
      Predictions java = plain.predict(x);
      for (int r = 0; r < x.length; r++) {
        assertEquals(stacked.spend()[r], java.spend()[r], 1e-4 * stacked.spend()[r]);
        assertEquals(stacked.churnProbability()[r], java.churnProbability()[r], 1e-5);
      }
    }
  }

  @Test
  void predict_shouldHoldEveryPassAtTheEdgeOfTheTrainingRange_whenARowLiesBeyondIt()
      throws Exception {
    // given a one-member network and rows far outside anything it was trained on
    TrainingOptions fast = TrainingOptions.defaults().withMaxEpochs(3).withBatchSize(64);
    TrainingData train = SyntheticData.generate(300, 5);
    try (LtvEnsemble ensemble =
        LtvEnsemble.train(1, fast, epoch -> {}, SyntheticData.NAMES, 90, train, train).ensemble()) {
      ensemble.save(dir);
      PlainNetwork plain = new PlainNetwork(NetworkWeights.load(dir));
      FeatureNormaliser normaliser = plain.weights().members().get(0).normaliser();
      int d = SyntheticData.NAMES.size();
      double[] largest = new double[d];
      double[] beyond = new double[d];
      for (int c = 0; c < d; c++) {
        // the transform's inverse at the range's upper end: the largest training value
        double upper = normaliser.upper()[c];
        assertTrue(Double.isFinite(upper), "column " + c + " has a finite range");
        largest[c] = Math.signum(upper) * Math.expm1(Math.abs(upper));
        beyond[c] = largest[c] * 1_000 + 1e6;
      }
      // when both are scored by the DJL member, the stacked DJL pass and the plain pass
      Predictions djlEdge = ensemble.member(0, new double[][] {largest});
      Predictions djlBeyond = ensemble.member(0, new double[][] {beyond});
      Predictions stackedBeyond = ensemble.predict(new double[][] {beyond});
      Prediction plainBeyond = plain.predict(beyond);
      // then a row beyond the range is forecast as the row at its edge, by every pass
      double edge = djlEdge.spend()[0];
      assertEquals(edge, djlBeyond.spend()[0], 1e-5 * edge);
      assertEquals(edge, stackedBeyond.spend()[0], 1e-5 * edge);
      assertEquals(edge, plainBeyond.spend(), 1e-5 * edge);
      assertEquals(djlEdge.churnProbability()[0], plainBeyond.churnProbability(), 1e-5);
    }
  }

  @Test
  void fit_shouldRecordTheTransformedRangeOfTheTrainingRows() {
    FeatureNormaliser n = FeatureNormaliser.fit(new double[][] {{0, -3}, {9, 1}, {99, -1}});
    assertEquals(0, n.lower()[0]);
    assertEquals(Math.log1p(99), n.upper()[0], 1e-12);
    assertEquals(-Math.log1p(3), n.lower()[1], 1e-12);
    assertEquals(Math.log1p(1), n.upper()[1], 1e-12);
    // a row beyond the range normalises as the range's edge
    float[] clipped = n.apply(new double[][] {{1e9, -1e9}, {99, -3}}, 0, 2);
    assertEquals(clipped[2], clipped[0]);
    assertEquals(clipped[3], clipped[1]);
  }

  @Test
  void load_shouldRefuseTheEnsemble_whenTheDescriptionDiffersFromTheParameters() throws Exception {
    // given a saved ensemble whose description was replaced by another network's
    TrainingOptions fast = TrainingOptions.defaults().withMaxEpochs(2).withBatchSize(64);
    TrainingData train = SyntheticData.generate(200, 7);
    Path other = dir.resolve("other");
    try (LtvEnsemble a =
            LtvEnsemble.train(1, fast, epoch -> {}, SyntheticData.NAMES, 90, train, train)
                .ensemble();
        LtvEnsemble b =
            LtvEnsemble.train(
                    1, fast.withSeed(99), epoch -> {}, SyntheticData.NAMES, 90, train, train)
                .ensemble()) {
      a.save(dir.resolve("a"));
      b.save(other);
    }
    Files.copy(
        other.resolve(NetworkWeights.FILE),
        dir.resolve("a").resolve(NetworkWeights.FILE),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    // when it is loaded, then it is refused, naming the file
    ModelLoadException e =
        assertThrows(ModelLoadException.class, () -> LtvEnsemble.load(dir.resolve("a")));
    assertTrue(e.getMessage().contains(NetworkWeights.FILE), e.getMessage());
  }
}
