package com.ltvforecast.drift;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PsiTest {

  private static double[] lognormal(int n, double mu, long seed) {
    Random random = new Random(seed);
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      values[i] = Math.exp(mu + random.nextGaussian());
    }
    return values;
  }

  @Test
  void psi_shouldBeZero_whenServingIsTheTrainingData() {
    // given
    double[] training = lognormal(20_000, 3, 1);
    BinnedDistribution reference = Psi.reference(training, Psi.DEFAULT_BINS);
    // when
    double psi = Psi.psi(reference, Psi.counts(reference, training));
    // then
    assertEquals(0.0, psi, 1e-12);
    assertEquals(10, reference.bins());
  }

  @Test
  void psi_shouldBeNearZero_whenServingIsAnotherSampleOfTheSameDistribution() {
    BinnedDistribution reference = Psi.reference(lognormal(20_000, 3, 1), Psi.DEFAULT_BINS);
    double psi = Psi.psi(reference, Psi.counts(reference, lognormal(20_000, 3, 2)));
    assertTrue(psi < 0.01, "psi " + psi);
  }

  @Test
  void psi_shouldBeLarge_whenServingIsShifted() {
    BinnedDistribution reference = Psi.reference(lognormal(20_000, 3, 1), Psi.DEFAULT_BINS);
    double moderate = Psi.psi(reference, Psi.counts(reference, lognormal(20_000, 3.5, 2)));
    double large = Psi.psi(reference, Psi.counts(reference, lognormal(20_000, 5, 2)));
    assertTrue(moderate > Psi.WARN_THRESHOLD, "half a sigma: " + moderate);
    assertTrue(large > 2, "two sigma: " + large);
    assertTrue(large > moderate);
  }

  @Test
  void reference_shouldMergeDuplicateEdges_whenFeatureIsMostlyZero() {
    // given 70% zeros, then 1..30
    double[] values = new double[100];
    for (int i = 70; i < 100; i++) {
      values[i] = i - 69;
    }
    // when
    BinnedDistribution reference = Psi.reference(values, 10);
    // then one bin holds every zero, and the shares still add up
    assertEquals(0.0, reference.edges()[0]);
    assertEquals(0.7, reference.proportions()[0], 1e-12);
    assertEquals(1.0, java.util.Arrays.stream(reference.proportions()).sum(), 1e-12);
    assertEquals(0.0, Psi.psi(reference, Psi.counts(reference, values)), 1e-12);
  }

  @Test
  void reference_shouldKeepOneOpenBin_whenFeatureIsConstant() {
    BinnedDistribution reference = Psi.reference(new double[] {5, 5, 5}, 10);
    assertArrayEquals(new double[0], reference.edges());
    assertEquals(0.0, Psi.psi(reference, Psi.counts(reference, new double[] {1, 100})), 1e-12);
  }

  @Test
  void references_shouldBinEveryColumnByName() {
    var refs =
        Psi.references(
            List.of(new double[] {1, 10}, new double[] {2, 20}, new double[] {3, 30}),
            List.of("a", "b"),
            3);
    assertEquals(List.of("a", "b"), List.copyOf(refs.keySet()));
    assertArrayEquals(new double[] {1, 2}, refs.get("a").edges());
  }

  @Test
  void bin_shouldPutValuesOnAnEdgeInTheLowerBin() {
    BinnedDistribution d =
        new BinnedDistribution(new double[] {1, 2}, new double[] {0.2, 0.3, 0.5});
    assertEquals(0, d.bin(1));
    assertEquals(1, d.bin(1.5));
    assertEquals(1, d.bin(2));
    assertEquals(2, d.bin(2.1));
    assertEquals(0, d.bin(-1e9));
  }
}
