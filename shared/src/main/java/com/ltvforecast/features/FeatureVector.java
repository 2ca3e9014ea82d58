package com.ltvforecast.features;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.Objects;

/**
 * The features of one customer as of D, in schema order. {@code values} is owned by the record;
 * callers append extra model inputs (e.g. BTYD outputs) to a copy, never in place.
 */
public record FeatureVector(String customerId, LocalDate asOf, int schemaVersion, double[] values) {

  public FeatureVector {
    Objects.requireNonNull(customerId, "customerId");
    Objects.requireNonNull(asOf, "asOf");
    Objects.requireNonNull(values, "values");
    for (int i = 0; i < values.length; i++) {
      if (!Double.isFinite(values[i])) {
        throw new FeatureException(
            "feature " + i + " of customer " + customerId + " is not finite: " + values[i]);
      }
    }
  }

  public double get(int index) {
    return values[index];
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof FeatureVector v
        && customerId.equals(v.customerId)
        && asOf.equals(v.asOf)
        && schemaVersion == v.schemaVersion
        && Arrays.equals(values, v.values);
  }

  @Override
  public int hashCode() {
    return Objects.hash(customerId, asOf, schemaVersion, Arrays.hashCode(values));
  }

  @Override
  public String toString() {
    return "FeatureVector["
        + customerId
        + ", asOf="
        + asOf
        + ", v"
        + schemaVersion
        + ", "
        + Arrays.toString(values)
        + "]";
  }
}
