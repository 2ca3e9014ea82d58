package com.ltvforecast.selection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ltvforecast.evaluation.SpendChurnMetrics;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SelectorTest {

  private static final int N = 1_000;
  private static final int FOLDS = 5;

  /** The one heavy-tailed customer. */
  private static final int WHALE = 7;

  /**
   * Actual spend around 50 for everyone, 20,000 for the whale; churn labels a coin flip driven by a
   * score.
   */
  private static Selector.Truth truth(double[] naiveSpend) {
    Random random = new Random(1);
    double[] spend = new double[N];
    boolean[] churned = new boolean[N];
    double[] naiveChurn = new double[N];
    int[] fold = new int[N];
    for (int i = 0; i < N; i++) {
      spend[i] = 40 + 20 * random.nextDouble();
      churned[i] = i % 3 == 0;
      naiveChurn[i] = random.nextBoolean() ? 1 : 0;
      fold[i] = i % FOLDS;
    }
    spend[WHALE] = 20_000;
    return new Selector.Truth(
        spend, churned, naiveSpend == null ? constant(60) : naiveSpend, naiveChurn, fold, FOLDS);
  }

  private static double[] constant(double v) {
    double[] a = new double[N];
    java.util.Arrays.fill(a, v);
    return a;
  }

  private static double[] goodChurn(Selector.Truth t) {
    double[] c = new double[N];
    for (int i = 0; i < N; i++) {
      c[i] = t.churned()[i] ? 0.7 : 0.2;
    }
    return c;
  }

  @Test
  void select_shouldKeepTheIncumbent_whenTheChallengerWinsOnlyThroughOneHeavyTailedCustomer() {
    Selector.Truth t = truth(null);
    // "steady" is within 1 of every ordinary customer and far off the whale
    double[] steady = t.spend().clone();
    for (int i = 0; i < N; i++) {
      steady[i] += (i % 2 == 0 ? 1 : -1);
    }
    steady[WHALE] = 100;
    // "lucky" is 5 off every ordinary customer (either way, so no factor fixes it) but guesses the
    // whale:
    // lower pooled RMSE, thanks to one customer
    double[] lucky = t.spend().clone();
    for (int i = 0; i < N; i++) {
      lucky[i] += (i % 2 == 0 ? 5 : -5);
    }
    lucky[WHALE] = 15_000;
    double[] churn = goodChurn(t);
    Selector.Selection s =
        new Selector(0.05, "steady")
            .select(
                List.of(
                    new Selector.Oof("steady", steady, churn),
                    new Selector.Oof("lucky", lucky, churn)),
                t);

    assertTrue(
        s.oofMetrics().get("lucky").spendRmse() < s.oofMetrics().get("steady").spendRmse(),
        "the set-up: pooled RMSE alone would pick lucky");
    assertEquals("steady", s.spendFrom(), s.decisions().toString());
    assertTrue(s.passed(), s.reasons().toString());
  }

  @Test
  void select_shouldTakeTheChallenger_whenItIsBetterWithoutItsMostFavourableCustomer() {
    Selector.Truth t = truth(null);
    double[] rough = t.spend().clone();
    double[] sharp = t.spend().clone();
    for (int i = 0; i < N; i++) {
      rough[i] += 8;
      sharp[i] += 1;
    }
    rough[WHALE] = 200;
    sharp[WHALE] = 200;
    double[] churn = goodChurn(t);
    Selector.Selection s =
        new Selector(0.05, "rough")
            .select(
                List.of(
                    new Selector.Oof("rough", rough, churn),
                    new Selector.Oof("sharp", sharp, churn)),
                t);
    assertEquals("sharp", s.spendFrom(), s.decisions().toString());
    assertEquals(0, s.spendWeights()[0], 1e-12);
    // sharp is served calibrated in the large: its weight is its factor, fitted without the whale
    assertEquals(
        sumWithout(t.spend(), WHALE) / sumWithout(sharp, WHALE), s.spendWeights()[1], 1e-9);
  }

  private static double sumWithout(double[] a, int skip) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += i == skip ? 0 : a[i];
    }
    return sum;
  }

  @Test
  void select_shouldServeABiasedButAccurateCandidateCalibrated() {
    Selector.Truth t = truth(null);
    // "ranked" orders customers perfectly but forecasts 20% too little (BG/NBD on CDNOW); "flat" is
    // unbiased
    // but says the same for everyone
    double[] ranked = t.spend().clone();
    for (int i = 0; i < N; i++) {
      ranked[i] *= 0.8;
    }
    ranked[WHALE] = 300;
    double mean = sumWithout(t.spend(), WHALE) / (N - 1);
    double[] flat = constant(mean);
    double[] churn = goodChurn(t);
    Selector.Selection s =
        new Selector(0.05, "flat")
            .select(
                List.of(
                    new Selector.Oof("flat", flat, churn),
                    new Selector.Oof("ranked", ranked, churn)),
                t);

    assertEquals("ranked", s.spendFrom(), s.decisions().toString());
    assertEquals(0, s.spendWeights()[0], 1e-12);
    assertEquals(
        1.25, s.spendWeights()[1], 1e-9, "served scaled by actual over predicted, the whale aside");
    // its out-of-fold figures are those of the calibrated option, factors fitted on the other folds
    double[] sub = new double[N];
    double[] act = new double[N];
    int j = 0;
    for (int i = 0; i < N; i++) {
      if (i != WHALE) {
        sub[j] = s.policySpend()[i];
        act[j++] = t.spend()[i];
      }
    }
    assertEquals(
        1.0, sumWithout(sub, N - 1) / sumWithout(act, N - 1), 1e-9, "unbiased without the whale");
    assertTrue(
        s.decisions().stream().anyMatch(d -> d.contains("calibrated in the large")),
        s.decisions().toString());
  }

  @Test
  void spendChoice_shouldKeepTheIncumbent_whenTheChallengersGainIsWithinNoise() {
    // per-customer losses: the challenger is better by 0.1 on average, with a spread of 5 either
    // way
    double[] incumbent = constant(10);
    double[] within = new double[N];
    double[] clear = new double[N];
    for (int i = 0; i < N; i++) {
      within[i] = 10 - 0.1 + (i % 2 == 0 ? 5 : -5);
      clear[i] = 10 - 1 + (i % 2 == 0 ? 5 : -5);
    }
    assertTrue(
        Selector.robustlyBetter(within, incumbent), "the set-up: one customer does not decide it");
    assertFalse(Selector.beyondNoise(within, incumbent), "0.1 against a standard error of 0.16");
    assertTrue(Selector.beyondNoise(clear, incumbent), "1 against a standard error of 0.16");
  }

  @Test
  void calibration_shouldNotLetOneHeavyTailedCustomerSetTheFactor() {
    Selector.Truth t = truth(null);
    double[] exact = t.spend().clone();
    exact[WHALE] =
        100; // misses the whale by 19,900: a plain ratio would scale everyone up by about 1.4
    assertEquals(1.0, Selector.robustScale(exact, t, i -> true), 1e-12);
    double[] cal = Selector.calibrated(exact, t);
    for (int i = 0; i < N; i++) {
      if (i != WHALE) {
        assertEquals(exact[i], cal[i], 1e-9);
      }
    }
  }

  @Test
  void gate_shouldJudgeOnAllFoldsPooled_notOnTheFoldThatHoldsTheWhale() {
    // naive guesses the whale exactly (it spent as much last period) but is 15 off everyone else
    double[] naive = truth(null).spend().clone();
    for (int i = 0; i < N; i++) {
      naive[i] += 15;
    }
    naive[WHALE] = 20_000;
    Selector.Truth t = truth(naive);
    double[] model = t.spend().clone();
    for (int i = 0; i < N; i++) {
      model[i] += (i % 2 == 0 ? 2 : -2); // unbiased, so calibration in the large leaves it as it is
    }
    model[WHALE] = 19_700;
    Selector.Selection s =
        new Selector(0.05, "model")
            .select(List.of(new Selector.Oof("model", model, goodChurn(t))), t);

    SpendChurnMetrics whaleFold = s.perFold().get(WHALE % FOLDS).get("model");
    SpendChurnMetrics whaleFoldNaive = s.perFold().get(WHALE % FOLDS).get("naive");
    assertTrue(
        whaleFold.spendRmse() > whaleFoldNaive.spendRmse(),
        "the set-up: on the one fold with the whale, naive wins");
    assertTrue(s.passed(), s.reasons().toString());
    assertEquals("model", s.spendFrom());
    assertTrue(
        s.oofMetrics().get("selected").spendRmse() < s.oofMetrics().get("naive").spendRmse());
  }

  @Test
  void select_shouldRejectWithReasons_whenNoCandidateBeatsNaive() {
    Selector.Truth t = truth(truth(null).spend().clone()); // naive is perfect
    double[] model = t.spend().clone();
    for (int i = 0; i < N; i++) {
      model[i] += 3;
    }
    Selector.Selection s =
        new Selector(0.05, "model")
            .select(List.of(new Selector.Oof("model", model, goodChurn(t))), t);
    assertFalse(s.passed());
    assertNull(s.spendFrom());
    assertTrue(
        s.reasons().get(0).startsWith("no candidate passes the spend gate"),
        s.reasons().toString());
    assertTrue(s.reasons().get(0).contains("does not beat naive"), s.reasons().toString());
  }

  @Test
  void select_shouldPickHeadsIndependently_andCalibrateTheBlend() {
    Selector.Truth t = truth(null);
    double[] goodSpend = t.spend().clone();
    double[] badSpend = t.spend().clone();
    for (int i = 0; i < N; i++) {
      goodSpend[i] *= 0.9;
      badSpend[i] += 10;
    }
    goodSpend[WHALE] = 100;
    badSpend[WHALE] = 100;
    double[] badChurn = constant(0.34);
    Selector.Selection s =
        new Selector(0.05, "a")
            .select(
                List.of(
                    new Selector.Oof("a", goodSpend, badChurn),
                    new Selector.Oof("b", badSpend, goodChurn(t))),
                t);
    assertTrue(s.passed(), s.reasons().toString());
    assertEquals("b", s.churnFrom(), s.decisions().toString());
    assertTrue(List.of("a", Selector.BLEND).contains(s.spendFrom()), s.spendFrom());
    // the blend option's spend is calibrated in the large on the training customers
    double predicted = 0;
    for (int c = 0; c < 2; c++) {
      double[] p = c == 0 ? goodSpend : badSpend;
      for (int i = 0; i < N; i++) {
        predicted += s.blendSpendWeights()[c] * p[i];
      }
    }
    double actual = java.util.Arrays.stream(t.spend()).sum();
    assertEquals(1.0, predicted / actual, 1e-9);
  }

  @Test
  void gate_shouldPassOnAFoldMajority_whenOneCustomerAloneMakesThePooledFigureWorseThanNaive() {
    // naive is 10 off everyone and exact on the whale; the model is 2 off everyone and 1,000 off
    // the whale
    double[] naive = truth(null).spend().clone();
    for (int i = 0; i < N; i++) {
      naive[i] += 10;
    }
    naive[WHALE] = 20_000;
    Selector.Truth t = truth(naive);
    double[] model = t.spend().clone();
    for (int i = 0; i < N; i++) {
      model[i] += 2;
    }
    model[WHALE] = 19_000;
    Selector.Selection s =
        new Selector(0.05, "model")
            .select(List.of(new Selector.Oof("model", model, goodChurn(t))), t);

    assertTrue(
        s.oofMetrics().get("model").spendRmse() > s.oofMetrics().get("naive").spendRmse(),
        "the set-up: pooled, one customer makes the model worse than naive");
    assertTrue(s.passed(), s.reasons().toString());
    assertEquals("model", s.spendFrom());
    Selector.Verdict v =
        Selector.beats(
            Selector.squaredErrors(model, t.spend()), Selector.squaredErrors(naive, t.spend()), t);
    assertTrue(v.how().contains("worse pooled, better in 4 of 5 folds"), v.how());
  }

  @Test
  void robustlyBetter_shouldIgnoreTheSingleLargestGain() {
    assertFalse(Selector.robustlyBetter(new double[] {0, 1, 1}, new double[] {10, 1, 1}));
    assertTrue(Selector.robustlyBetter(new double[] {0, 0, 1}, new double[] {10, 1, 1}));
  }
}
