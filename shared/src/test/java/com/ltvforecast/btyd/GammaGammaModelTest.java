package com.ltvforecast.btyd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.hipparchus.random.RandomDataGenerator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GammaGammaModelTest {

  /**
   * The reference script's ML fit on the sample (baseline_bgnbd.json sample_2357.gamma_gamma_fit).
   */
  private static final GammaGammaParams FILE_PARAMS =
      new GammaGammaParams(6.249572, 3.744225, 15.44352);

  private static CdnowSample sample;

  @BeforeAll
  static void loadSample() {
    sample = CdnowSample.load();
  }

  @Test
  void fit_shouldReproducePublishedParameters_whenCdnowSample() {
    // when
    GammaGammaParams fitted = GammaGammaModel.fit(sample.summaries()).params();
    System.out.println("Gamma-Gamma fit on the CDNOW sample: " + fitted);

    // then: FHL / lifetimes p, q, gamma = 6.25, 3.74, 15.44 on the 946 repeat buyers
    assertEquals(6.25, fitted.p(), 0.005);
    assertEquals(3.74, fitted.q(), 0.005);
    assertEquals(15.44, fitted.gamma(), 0.01);
  }

  @Test
  void logLikelihood_shouldMatchReference_whenFileParams() {
    // when
    double ll = GammaGammaModel.logLikelihood(FILE_PARAMS, sample.x, sample.mx);

    // then
    assertEquals(-4055.917695, ll, 1e-3);
  }

  @Test
  void expectedSpendPerTransaction_shouldMatchReferenceFile_whenFileParams() {
    // given
    GammaGammaModel model = new GammaGammaModel(FILE_PARAMS);
    double[] expected = sample.column("gg_expected_spend_per_transaction");

    for (int i = 0; i < sample.x.length; i++) {
      // when
      double spend =
          model.expectedSpendPerTransaction(
              new RfmSummary(sample.x[i], sample.tx[i], sample.T[i], sample.mx[i]));

      // then
      assertEquals(expected[i], spend, 1e-3 * expected[i] + 1e-6, "E[M] of row " + i);
    }
  }

  @Test
  void expectedSpendPerTransaction_shouldUsePopulationMean_whenNoRepeatPurchase() {
    // given
    GammaGammaModel model = new GammaGammaModel(FILE_PARAMS);

    // when
    double spend = model.expectedSpendPerTransaction(0, 0);

    // then: gamma p / (q - 1) = 35.170371 (baseline_bgnbd.json
    // population_mean_spend_per_transaction)
    assertEquals(35.170371, spend, 1e-5);
    assertEquals(spend, model.populationMeanSpend());
  }

  @Test
  void expectedSpendPerTransaction_shouldWeighOwnMean_whenHandCheckable() {
    // given: p = 2, q = 3, gamma = 10 -> population mean 10, and x = 2, mx = 40
    GammaGammaModel model = new GammaGammaModel(new GammaGammaParams(2, 3, 10));

    // when
    double spend = model.expectedSpendPerTransaction(2, 40);

    // then: (10 + 80) * 2 / (4 + 2) = 30
    assertEquals(30.0, spend, 1e-12);
  }

  @Test
  void fit_shouldRecoverParameters_whenSimulated() {
    // given: 200k repeat buyers, nu ~ Gamma(q, 1/gamma), each transaction ~ Gamma(p, 1/nu)
    GammaGammaParams truth = new GammaGammaParams(6.0, 4.0, 15.0);
    RandomDataGenerator rng = new RandomDataGenerator(7);
    int n = 200_000;
    double[] x = new double[n];
    double[] mx = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = 1 + rng.nextInt(0, 9);
      double nu = rng.nextGamma(truth.q(), 1.0 / truth.gamma());
      // The mean of x Gamma(p, 1/nu) draws is Gamma(p x, 1/(nu x)).
      mx[i] = rng.nextGamma(truth.p() * x[i], 1.0 / (nu * x[i]));
    }

    // when
    GammaGammaParams fitted = GammaGammaModel.fit(x, mx).params();

    // then
    assertEquals(truth.p(), fitted.p(), 0.05 * truth.p());
    assertEquals(truth.q(), fitted.q(), 0.05 * truth.q());
    assertEquals(truth.gamma(), fitted.gamma(), 0.05 * truth.gamma());
  }

  @Test
  void fit_shouldRejectInvalidInput() {
    // no usable customer: every one either has no repeat purchase or zero spend
    IllegalArgumentException none =
        assertThrows(
            IllegalArgumentException.class,
            () -> GammaGammaModel.fit(new double[] {0, 2}, new double[] {0, 0}));
    assertTrue(none.getMessage().contains("x > 0 and mx > 0"), none.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> GammaGammaModel.fit(new double[] {1}, new double[] {1, 2}));
    assertThrows(
        IllegalArgumentException.class,
        () -> GammaGammaModel.fit(new double[] {1}, new double[] {-3}));
    assertThrows(
        IllegalArgumentException.class,
        () -> new GammaGammaModel(FILE_PARAMS).expectedSpendPerTransaction(Double.NaN, 3));
    assertThrows(IllegalArgumentException.class, () -> new GammaGammaParams(6, 1.0, 15));
    assertThrows(IllegalArgumentException.class, () -> new GammaGammaParams(0, 3, 15));
  }

  @Test
  void fit_shouldKeepTheNoVariationLimit_whenEveryoneAlwaysSpendsTheSame() {
    // given: everyone spends exactly the same every time (p and q -> infinity: no variation at all)
    double[] x = {1, 2, 3, 4, 5, 1, 2, 3};
    double[] mx = {20, 20, 20, 20, 20, 20, 20, 20};

    // when fitted, the limit is kept at the search bound instead of failing, and forecasts that
    // spend
    GammaGammaModel model = GammaGammaModel.fit(x, mx);
    for (int i = 0; i < x.length; i++) {
      assertEquals(
          20, model.expectedSpendPerTransaction(x[i], mx[i]), 0.2, model.params().toString());
    }
    assertEquals(20, model.populationMeanSpend(), 0.2);
  }
}
