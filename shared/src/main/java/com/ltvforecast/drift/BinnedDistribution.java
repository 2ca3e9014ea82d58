package com.ltvforecast.drift;

import java.util.Arrays;
import java.util.Objects;

/**
 * A feature's distribution over fixed bins. Bin {@code i} holds values {@code v} with {@code
 * edges[i-1] < v <= edges[i]}; the first bin is open below and the last open above, so {@code
 * proportions.length == edges.length + 1} and a serving value never falls outside the bins.
 *
 * @param edges strictly increasing upper edges, taken at training-time quantiles
 * @param proportions share of customers in each bin, summing to 1
 */
public record BinnedDistribution(double[] edges, double[] proportions) {

  public BinnedDistribution {
    Objects.requireNonNull(edges, "edges");
    Objects.requireNonNull(proportions, "proportions");
    if (proportions.length != edges.length + 1) {
      throw new IllegalArgumentException(
          "expected "
              + (edges.length + 1)
              + " proportions for "
              + edges.length
              + " edges, got "
              + proportions.length);
    }
    for (int i = 1; i < edges.length; i++) {
      if (!(edges[i] > edges[i - 1])) {
        throw new IllegalArgumentException(
            "edges must be strictly increasing, got " + Arrays.toString(edges));
      }
    }
    edges = edges.clone();
    proportions = proportions.clone();
  }

  @Override
  public double[] edges() {
    return edges.clone();
  }

  @Override
  public double[] proportions() {
    return proportions.clone();
  }

  public int bins() {
    return proportions.length;
  }

  /** The bin of a value: the first edge at or above it, else the open last bin. */
  public int bin(double value) {
    int found = Arrays.binarySearch(edges, value);
    return found >= 0 ? found : -found - 1;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof BinnedDistribution d
        && Arrays.equals(edges, d.edges)
        && Arrays.equals(proportions, d.proportions);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(edges) + Arrays.hashCode(proportions);
  }

  @Override
  public String toString() {
    return "BinnedDistribution[edges="
        + Arrays.toString(edges)
        + ", proportions="
        + Arrays.toString(proportions)
        + "]";
  }
}
