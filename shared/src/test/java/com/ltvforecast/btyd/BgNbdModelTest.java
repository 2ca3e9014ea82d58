package com.ltvforecast.btyd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.hipparchus.random.RandomDataGenerator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BgNbdModelTest {

  /** The reference script's ML fit on the sample (baseline_bgnbd.json sample_2357.bgnbd_fit). */
  private static final BgNbdParams FILE_PARAMS =
      new BgNbdParams(0.242595, 4.413602, 0.792922, 2.425907);

  private static final double HOLDOUT_WEEKS = 39.0;

  private static CdnowSample sample;

  @BeforeAll
  static void loadSample() {
    sample = CdnowSample.load();
  }

  @Test
  void fit_shouldReproducePublishedParameters_whenCdnowSample() {
    // given
    List<RfmSummary> customers = sample.summaries();

    // when
    BgNbdParams fitted = BgNbdModel.fit(customers).params();
    System.out.println("BG/NBD fit on the CDNOW sample: " + fitted);

    // then: FHL 2005 / lifetimes r = 0.2426, alpha = 4.4136, a = 0.7929, b = 2.4259, to 3
    // significant digits
    assertRelative(0.2426, fitted.r(), 1e-3, "r");
    assertRelative(4.4136, fitted.alpha(), 1e-3, "alpha");
    assertRelative(0.7929, fitted.a(), 1e-3, "a");
    assertRelative(2.4259, fitted.b(), 1e-3, "b");
    double ll = BgNbdModel.logLikelihood(fitted, sample.x, sample.tx, sample.T);
    assertTrue(
        ll >= -9582.429207 - 1e-4,
        "log-likelihood " + ll + " below the reference optimum -9582.429207");
  }

  @Test
  void logLikelihood_shouldMatchReference_whenFileParams() {
    // when
    double ll = BgNbdModel.logLikelihood(FILE_PARAMS, sample.x, sample.tx, sample.T);

    // then
    assertEquals(-9582.429207, ll, 1e-3);
  }

  @Test
  void predictions_shouldMatchReferenceFile_whenFileParams() {
    // given
    BgNbdModel model = new BgNbdModel(FILE_PARAMS);
    double[] expected = sample.column("bgnbd_expected_holdout_transactions");
    double[] pAlive = sample.column("bgnbd_p_alive");
    double[] pAny = sample.column("bgnbd_p_any_holdout_purchase");

    for (int i = 0; i < sample.x.length; i++) {
      // when
      RfmSummary c = new RfmSummary(sample.x[i], sample.tx[i], sample.T[i], sample.mx[i]);
      double e = model.expectedTransactions(c, HOLDOUT_WEEKS);
      double alive = model.probabilityAlive(c);
      double any = model.probabilityOfAnyPurchase(c, HOLDOUT_WEEKS);

      // then: the file has 6 decimals, so allow rounding on top of 1e-3 relative
      assertClose(expected[i], e, "E[Y(39)] of row " + i);
      assertClose(pAlive[i], alive, "P(alive) of row " + i);
      assertClose(pAny[i], any, "P(any purchase) of row " + i);
    }
  }

  @Test
  void expectedTransactions_shouldGivePublishedCheckValue_whenHardieExample() {
    // given: customer 0001 of the sample (lifetimes test, "same value as Hardie excel sheet")
    BgNbdModel model = new BgNbdModel(FILE_PARAMS);

    // when
    double e = model.expectedTransactions(2, 30.43, 38.86, HOLDOUT_WEEKS);

    // then
    assertEquals(1.226, e, 5e-4);
  }

  @Test
  void expectedTransactionsUnconditional_shouldGivePublishedCurve_whenFileParams() {
    // given: E[X(t)] from Hardie's spreadsheet, as in lifetimes' tests
    BgNbdModel model = new BgNbdModel(FILE_PARAMS);
    double[] t = {0.1429, 1.0, 3.0, 31.8571, 32.0, 78.0};
    double[] published = {0.0078, 0.0532, 0.1506, 1.0405, 1.0437, 1.8576};
    // The reference script's values at the file parameters
    // (lifetimes_test_crosschecks.unconditional_EX_t).
    double[] reference = {0.007816, 0.053184, 0.150631, 1.040489, 1.043732, 1.857958};

    for (int i = 0; i < t.length; i++) {
      // when
      double e = model.expectedTransactionsUnconditional(t[i]);

      // then: the published figures come from slightly different (rounded) parameters
      assertEquals(published[i], e, 5e-4, "E[X(" + t[i] + ")] vs published");
      assertEquals(reference[i], e, 1e-5, "E[X(" + t[i] + ")] vs reference script");
    }
  }

  @Test
  void expectedTransactions_shouldStayFiniteAndStable_whenExtremeInputs() {
    // given: a heavy buyer, a tiny horizon and a near the a = 1 singularity of eq. 10
    BgNbdModel model = new BgNbdModel(FILE_PARAMS);
    BgNbdModel nearOne = new BgNbdModel(new BgNbdParams(0.25, 4.4, 1.0 + 1e-12, 2.4));
    BgNbdModel exactlyOne = new BgNbdModel(new BgNbdParams(0.25, 4.4, 1.0, 2.4));

    // when
    double heavy = model.expectedTransactions(500, 100, 100, 39);
    double tiny = model.expectedTransactions(2, 30, 38, 1e-9);
    double near = nearOne.expectedTransactions(3, 20, 38, 39);
    double exact = exactlyOne.expectedTransactions(3, 20, 38, 39);

    // then: a customer buying ~5 times a week keeps doing so; E is linear in t near 0; a = 1 is a
    // removable singularity
    assertTrue(heavy > 150 && heavy < 250, "heavy buyer E[Y(39)] = " + heavy);
    double slope = model.expectedTransactions(2, 30, 38, 1e-6) / 1e-6;
    assertEquals(slope * 1e-9, tiny, 1e-6 * slope * 1e-9);
    assertEquals(exact, near, 1e-9);
    assertEquals(0.0, model.expectedTransactions(2, 30, 38, 0.0));
  }

  @Test
  void fit_shouldHandleOneMillionCustomersQuickly_whenSimulatedFromKnownParameters() {
    // given: 1M customers simulated from BG/NBD, ages at day resolution up to two years, continuous
    // recency
    BgNbdParams truth = new BgNbdParams(0.5, 6.0, 0.8, 2.5);
    int n = 1_000_000;
    double[] x = new double[n];
    double[] tx = new double[n];
    double[] T = new double[n];
    simulate(truth, new RandomDataGenerator(42), x, tx, T);

    // when
    long start = System.nanoTime();
    BgNbdParams fitted = BgNbdModel.fit(x, tx, T).params();
    double seconds = (System.nanoTime() - start) / 1e9;

    // then
    System.out.printf(
        "BG/NBD fit on %d customers (%d distinct tuples): %.2f s, %s%n",
        n, new BgNbdModel.Likelihood(x, tx, T).tuples(), seconds, fitted);
    // The scale target is "1M customers well under a minute" on a 2-core machine; 8-13 s measured
    // here (622k distinct tuples, ~200 likelihood passes).
    assertTrue(seconds < 45, "fit took " + seconds + " s");
    assertRelative(truth.r(), fitted.r(), 0.02, "r");
    assertRelative(truth.alpha(), fitted.alpha(), 0.02, "alpha");
    assertRelative(truth.a(), fitted.a(), 0.05, "a");
    assertRelative(truth.b(), fitted.b(), 0.05, "b");
  }

  @Test
  void fit_shouldThrowFitException_whenNoCustomerRepeats() {
    // given: nobody buys again, so the dropout process is not identified (r/alpha -> 0)
    double[] x = {0, 0, 0, 0};
    double[] tx = {0, 0, 0, 0};
    double[] T = {10, 20, 30, 40};

    // when / then
    BtydFitException e = assertThrows(BtydFitException.class, () -> BgNbdModel.fit(x, tx, T));
    assertTrue(e.getMessage().contains("search bound"), e.getMessage());
  }

  @Test
  void rfmSummary_shouldRejectInvalidInput() {
    assertThrows(IllegalArgumentException.class, () -> new RfmSummary(-1, 0, 10, 0));
    assertThrows(IllegalArgumentException.class, () -> new RfmSummary(1.5, 1, 10, 5));
    assertThrows(IllegalArgumentException.class, () -> new RfmSummary(1, 11, 10, 5));
    assertThrows(IllegalArgumentException.class, () -> new RfmSummary(1, -1, 10, 5));
    assertThrows(IllegalArgumentException.class, () -> new RfmSummary(0, 0, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> new RfmSummary(1, 1, Double.NaN, 5));
    assertThrows(
        IllegalArgumentException.class, () -> new RfmSummary(1, 1, 10, Double.POSITIVE_INFINITY));
    assertThrows(IllegalArgumentException.class, () -> new RfmSummary(1, 1, 10, -5));
  }

  @Test
  void fitAndPredict_shouldRejectInvalidInput() {
    BgNbdModel model = new BgNbdModel(FILE_PARAMS);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> BgNbdModel.fit(new double[] {1, 2}, new double[] {1, 3}, new double[] {5, 2}));
    assertTrue(e.getMessage().contains("customer #1"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> BgNbdModel.fit(new double[] {1}, new double[] {1, 2}, new double[] {5, 5}));
    assertThrows(IllegalArgumentException.class, () -> BgNbdModel.fit(List.of()));
    assertThrows(IllegalArgumentException.class, () -> model.expectedTransactions(1, 1, 5, -1));
    assertThrows(
        IllegalArgumentException.class, () -> model.probabilityOfAnyPurchase(1, 1, 5, Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> model.probabilityAlive(1, 6, 5));
    assertThrows(IllegalArgumentException.class, () -> new BgNbdParams(0.2, 4, 0, 2));
    assertThrows(IllegalArgumentException.class, () -> new BgNbdParams(Double.NaN, 4, 1, 2));
  }

  /** Simulates BG/NBD: rate ~ Gamma(r, 1/alpha), dropout p ~ Beta(a, b) after each purchase. */
  static void simulate(
      BgNbdParams params, RandomDataGenerator rng, double[] x, double[] tx, double[] T) {
    for (int i = 0; i < x.length; i++) {
      double age = (1 + rng.nextInt(0, 729)) / 7.0;
      double lambda = rng.nextGamma(params.r(), 1.0 / params.alpha());
      double p = rng.nextBeta(params.a(), params.b());
      int purchases = 0;
      double time = 0;
      double last = 0;
      while (true) {
        // Continuous purchase times: every tx is distinct, the worst case for collapsing tuples.
        time += rng.nextExponential(1.0 / lambda);
        if (time > age) {
          break;
        }
        purchases++;
        last = time;
        if (rng.nextUniform(0, 1) < p) {
          break;
        }
      }
      x[i] = purchases;
      tx[i] = last;
      T[i] = age;
    }
  }

  private static void assertRelative(
      double expected, double actual, double tolerance, String what) {
    assertTrue(
        Math.abs(actual - expected) <= tolerance * Math.abs(expected),
        what + ": expected " + expected + " within " + tolerance + " relative, got " + actual);
  }

  private static void assertClose(double expected, double actual, String what) {
    assertEquals(expected, actual, 1e-3 * Math.abs(expected) + 1e-6, what);
  }

  @Test
  void quadrature_shouldAgreeWithTheClosedForm_whereTheSeriesIsStable() {
    // given the paper's CDNOW parameters, where eq. 10's series converges
    BgNbdModel model = new BgNbdModel(new BgNbdParams(0.243, 4.414, 0.793, 2.426));
    for (double[] c :
        new double[][] {{0, 0, 38.86}, {2, 30.43, 38.86}, {14, 37.14, 38.86}, {1, 2, 32}}) {
      double series = model.expectedTransactions(c[0], c[1], c[2], 39);
      double quadrature = model.conditionalExpectationByQuadrature(c[0], c[1], c[2], 39);
      assertEquals(series, quadrature, 1e-4 * series, java.util.Arrays.toString(c));
    }
  }

  @Test
  void expectedTransactions_shouldStayFinite_whenEveryoneHasTheSameDropoutProbability() {
    // given a fit where a and b ran large together (dropout a/(a+b) = 0.0205 for all): the series
    // overflows
    BgNbdParams params = new BgNbdParams(5.5368, 30.655, 61131.2, 2928217.1);
    BgNbdModel model = new BgNbdModel(params);
    double x = 14;
    double T = 62.14;
    double t = 13;
    double expected = model.expectedTransactions(x, 56.14, T, t);
    // then it equals the point-mass limit: p fixed at its posterior mean, lambda ~ Gamma(r + x,
    // alpha + T)
    double p = params.a() / (params.a() + params.b() + x);
    double aliveMean =
        -Math.expm1(-(params.r() + x) * Math.log1p(p * t / (params.alpha() + T))) / p;
    double alive = model.probabilityAlive(x, 56.14, T);
    assertTrue(Double.isFinite(expected));
    assertEquals(alive * aliveMean, expected, 1e-3 * expected);
  }

  @Test
  void fit_shouldKeepTheHomogeneousRateLimit_whenEveryCustomerBuysOnASchedule() {
    // given customers who each buy exactly every week (no heterogeneity in rate: r and alpha run to
    // the bound)
    int n = 400;
    double[] x = new double[n];
    double[] tx = new double[n];
    double[] T = new double[n];
    for (int i = 0; i < n; i++) {
      T[i] = 40 + i % 10;
      x[i] = T[i] - 1;
      tx[i] = T[i] - 1;
    }
    // when fitted, then the fit returns a usable model instead of throwing, forecasting about one a
    // week
    BgNbdModel model = BgNbdModel.fit(x, tx, T);
    double next = model.expectedTransactions(x[0], tx[0], T[0], 10);
    assertTrue(
        next > 5 && next < 11,
        "expected about 10 purchases in 10 weeks, got " + next + " with " + model.params());
  }

  @Test
  void horizonGivesTheSameNumbersBitForBitMemoisedOrNot() {
    BgNbdModel model = new BgNbdModel(FILE_PARAMS);
    for (double weeks : new double[] {0, 39, 273 / 7.0}) {
      BgNbdModel.Horizon horizon = model.horizon(weeks);
      for (int pass = 0; pass < 2; pass++) { // the second pass reads the memo
        for (int x : new int[] {0, 1, 2, 7, 30, 600}) {
          // Whole days as features give them, one past the memo, and a T of no whole day.
          for (double T : new double[] {1 / 7.0, 10 / 7.0, 364 / 7.0, 5000 / 7.0, 1e-6, 38.86}) {
            double tx = x == 0 ? 0 : T * 0.6;
            assertEquals(
                Double.doubleToRawLongBits(model.expectedTransactions(x, tx, T, weeks)),
                Double.doubleToRawLongBits(horizon.expectedTransactions(x, tx, T)),
                "x=" + x + " T=" + T + " t=" + weeks);
          }
        }
      }
    }
    assertThrows(
        IllegalArgumentException.class, () -> model.horizon(-1).expectedTransactions(1, 1, 2));
  }
}
