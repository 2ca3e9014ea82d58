package com.ltvforecast.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ltvforecast.testdata.TestData;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SpendChurnEvaluatorTest {

  @Test
  void evaluate_shouldGiveHandComputedMetrics_whenSmallVectors() {
    // given: errors -1, 0, -2, 4
    double[] predicted = {1, 2, 3, 4};
    double[] actual = {2, 2, 5, 0};
    double[] churnScore = {0.9, 0.5, 0.5, 0.1};
    boolean[] churned = {true, true, false, false};

    // when
    SpendChurnMetrics m = SpendChurnEvaluator.evaluate(predicted, actual, churnScore, churned);

    // then
    assertEquals(7.0 / 4, m.spendMae(), 1e-12);
    assertEquals(Math.sqrt(21.0 / 4), m.spendRmse(), 1e-12);
    // deviations (-1.5,-.5,.5,1.5) and (-.25,-.25,2.75,-2.25): cov sum -1.5, sums of squares 5 and
    // 12.75
    assertEquals(-1.5 / Math.sqrt(5 * 12.75), m.spendCorr(), 1e-12);
    assertEquals(10.0 / 9 - 1, m.spendBias(), 1e-12);
    // pairs (pos, neg): (.9,.5)=1 (.9,.1)=1 (.5,.5)=1/2 (.5,.1)=1 -> 3.5/4
    assertEquals(0.875, m.churnAuc(), 1e-12);
  }

  @Test
  void auc_shouldBeOneHalf_whenAllScoresTied() {
    // when
    double auc =
        SpendChurnEvaluator.auc(
            new double[] {0.3, 0.3, 0.3, 0.3, 0.3},
            new boolean[] {true, false, true, false, false});

    // then
    assertEquals(0.5, auc, 0.0);
  }

  @Test
  void auc_shouldBeOneOrZero_whenPerfectOrInvertedRanking() {
    boolean[] churned = {true, true, false, false};
    assertEquals(1.0, SpendChurnEvaluator.auc(new double[] {0.9, 0.8, 0.2, 0.1}, churned), 0.0);
    assertEquals(0.0, SpendChurnEvaluator.auc(new double[] {0.1, 0.2, 0.8, 0.9}, churned), 0.0);
  }

  @Test
  void auc_shouldMatchPairwiseCount_whenManyTies() {
    // given: scores on a coarse grid so that most pairs tie
    Random rng = new Random(3);
    int n = 2_000;
    double[] score = new double[n];
    boolean[] positive = new boolean[n];
    for (int i = 0; i < n; i++) {
      positive[i] = rng.nextDouble() < 0.3;
      score[i] = Math.round((positive[i] ? 0.15 : 0.0) + rng.nextDouble() * 10) / 10.0;
    }

    // when
    double auc = SpendChurnEvaluator.auc(score, positive);

    // then: the O(n^2) definition
    double wins = 0;
    long pairs = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        if (positive[i] && !positive[j]) {
          pairs++;
          wins += score[i] > score[j] ? 1 : score[i] == score[j] ? 0.5 : 0;
        }
      }
    }
    assertEquals(wins / pairs, auc, 1e-12);
  }

  @Test
  void evaluate_shouldReportNaN_whenMetricUndefined() {
    // given: the predict-zero baseline (constant), nothing actually spent, and no customer churned
    double[] zero = {0, 0, 0};
    double[] actual = {0, 0, 0};

    // when
    SpendChurnMetrics m =
        SpendChurnEvaluator.evaluate(
            zero, actual, new double[] {0.1, 0.2, 0.3}, new boolean[] {false, false, false});

    // then
    assertEquals(0.0, m.spendMae());
    assertEquals(0.0, m.spendRmse());
    assertTrue(Double.isNaN(m.spendCorr()), "constant predictions have no correlation");
    assertTrue(Double.isNaN(m.spendBias()), "no actual spend: bias undefined");
    assertTrue(Double.isNaN(m.churnAuc()), "one class only: AUC undefined");
  }

  @Test
  void evaluate_shouldReproduceReferenceBaselineMetrics_whenCdnowSample() {
    // given: the reference BG/NBD x Gamma-Gamma predictions for the 2,357 sample customers
    Map<String, double[]> f =
        TestData.readNumericCsv(TestData.cdnow().resolve("bgnbd_predictions_sample.csv"));
    double[] expectedCount = f.get("bgnbd_expected_holdout_transactions");
    double[] spendPerTransaction = f.get("gg_expected_spend_per_transaction");
    double[] pAny = f.get("bgnbd_p_any_holdout_purchase");
    double[] holdoutDays = f.get("x_star_holdout_days");
    double[] actual = f.get("holdout_spend");
    int n = actual.length;
    double[] predicted = new double[n];
    double[] churnScore = new double[n];
    boolean[] churned = new boolean[n];
    for (int i = 0; i < n; i++) {
      predicted[i] = expectedCount[i] * spendPerTransaction[i];
      churnScore[i] = 1 - pAny[i];
      churned[i] = holdoutDays[i] == 0;
    }

    // when
    SpendChurnMetrics m = SpendChurnEvaluator.evaluate(predicted, actual, churnScore, churned);

    // then: baseline_bgnbd.json sample_2357 holdout_spend_metrics and churn_like (AUC is symmetric
    // under swapping both the score and the positive class)
    assertEquals(30.407878, m.spendMae(), 1e-3);
    assertEquals(72.298942, m.spendRmse(), 1e-3);
    assertEquals(0.564686, m.spendCorr(), 1e-4);
    assertEquals(59931.626554 / 70976.39 - 1, m.spendBias(), 1e-5);
    assertEquals(0.75692, m.churnAuc(), 1e-5);
  }

  @Test
  void evaluate_shouldRejectInvalidInput() {
    double[] one = {1};
    boolean[] yes = {true};
    assertThrows(
        IllegalArgumentException.class,
        () ->
            SpendChurnEvaluator.evaluate(
                new double[0], new double[0], new double[0], new boolean[0]));
    assertThrows(
        IllegalArgumentException.class,
        () -> SpendChurnEvaluator.evaluate(one, new double[] {1, 2}, one, yes));
    assertThrows(
        IllegalArgumentException.class,
        () -> SpendChurnEvaluator.evaluate(new double[] {Double.NaN}, one, one, yes));
    assertThrows(
        IllegalArgumentException.class,
        () -> SpendChurnEvaluator.evaluate(one, one, new double[] {Double.POSITIVE_INFINITY}, yes));
    assertThrows(IllegalArgumentException.class, () -> new SpendChurnMetrics(-1, 0, 0, 0, 0.5));
    assertThrows(IllegalArgumentException.class, () -> new SpendChurnMetrics(1, 1, 1.5, 0, 0.5));
    assertThrows(IllegalArgumentException.class, () -> new SpendChurnMetrics(1, 1, 0, -2, 0.5));
    assertThrows(IllegalArgumentException.class, () -> new SpendChurnMetrics(1, 1, 0, 0, 1.1));
  }
}
